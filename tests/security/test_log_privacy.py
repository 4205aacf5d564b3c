"""Rasa's log lines that would quote a message are withheld in a serving process."""

import warnings

import rasa.shared.utils.io

from bot import log_privacy


def test_structlog_values_that_may_hold_text_are_withheld():
    event = {
        "event": "message.parsing.failed",
        "user_text": "min sambo slår mig",
        "parse_data_text": "x",
        "rasa_event": {"text": "y"},
        "level": "warning",
        "host": "127.0.0.1",
    }
    cleaned = log_privacy.redact_content(None, "warning", dict(event))
    assert cleaned["event"] == "message.parsing.failed" and cleaned["level"] == "warning"
    assert cleaned["host"] == "127.0.0.1"
    for key in ("user_text", "parse_data_text", "rasa_event"):
        assert cleaned[key] == log_privacy.WITHHELD


def test_a_logged_exception_keeps_its_type_and_place_but_not_its_locals():
    event = {
        "event": "interpolator.interpolate.text",
        "exception": [
            {
                "exc_type": "KeyError",
                "exc_value": "'min sambo slår mig'",
                "frames": [{"filename": "x.py", "lineno": 3, "locals": {"text": "hej"}}],
            }
        ],
    }
    cleaned = log_privacy.redact_content(None, "error", event)
    [exception] = cleaned["exception"]
    assert exception["exc_type"] == "KeyError"
    assert exception["frames"][0]["lineno"] == 3
    assert "sambo" not in str(cleaned) and "hej" not in str(cleaned)


def test_rasa_warnings_that_quote_the_line_are_not_shown():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        log_privacy.install()
        rasa.shared.utils.io.raise_warning("Failed to parse arguments in line '/x SECRET'.")
        rasa.shared.utils.io.raise_warning("An ordinary warning about the configuration.")
    assert [str(w.message) for w in caught] == ["An ordinary warning about the configuration."]


def test_a_server_log_line_shows_no_local_of_a_logged_exception(caplog):
    """As `rasa run` logs: Rasa's structlog set-up (JSON with structured tracebacks), then ours."""
    import logging

    import structlog
    from rasa.utils.log_utils import configure_structlog

    saved = structlog.get_config()
    try:
        configure_structlog(logging.INFO)
        log_privacy.install()
        slots = {"age_group": "SECRET-AGE", "gender": "SECRET-GENDER"}  # noqa: F841 (a local)
        with caplog.at_level(logging.ERROR):
            try:
                raise KeyError("key")
            except KeyError:
                structlog.get_logger().error("interpolator.interpolate.text", exc_info=True)
        logged = " ".join(record.getMessage() for record in caplog.records)
        assert "interpolator.interpolate.text" in logged and "KeyError" in logged
        assert "SECRET" not in logged
    finally:
        structlog.configure(**saved)
