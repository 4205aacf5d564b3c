"""No message text in any log of a serving process, whatever the message looks like.

Rasa quotes the user's line in two places that production logging keeps: a `UserWarning`
("Failed to parse arguments in line '/…'") for a message that starts with `/` but is not a valid
command, and structlog events such as `message.parsing.failed user_text=…`. Both are silenced
here; the warnings still count, their text is withheld.
"""

import re
import sys
import warnings
from typing import Any, Dict

# structlog keys that carry what a person wrote or what the assistant concluded from it.
_CONTENT_KEY = re.compile(r"text|message|entit|slot|tracker|event_info|rasa_event|response|parse")
_KEPT_KEYS = frozenset({"event", "level", "log_level", "timestamp", "logger", "logger_name"})
# Rasa's reader of `/intent{...}` messages (yaml_story_reader.py) quotes the line or a part of
# it in these warnings (raised through rasa.shared.utils.io, so matched by their words).
_QUOTING_WARNINGS = ("Failed to parse arguments in line", "Expected confidence to be")
WITHHELD = "[withheld]"


def redact_content(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """A structlog processor: values that may hold message text are withheld, and so are the
    local variables of a logged exception's frames (they hold messages and slot values)."""
    for key in list(event_dict):
        if key not in _KEPT_KEYS and _CONTENT_KEY.search(key):
            event_dict[key] = WITHHELD
    for exception in event_dict.get("exception") or []:
        for frame in (exception.get("frames") or []) if isinstance(exception, dict) else []:
            if isinstance(frame, dict) and "locals" in frame:
                frame["locals"] = WITHHELD
        if isinstance(exception, dict) and "exc_value" in exception:
            exception["exc_value"] = WITHHELD  # a KeyError names the text it failed on
    return event_dict


def _add_redaction() -> None:
    structlog = sys.modules.get("structlog")
    if structlog is None:
        return  # a process without structlog (the action server) has nothing to redact
    processors = structlog.get_config()["processors"]
    if redact_content not in processors:
        # in place: loggers Rasa already cached share this list; just before the renderer, so
        # that the exception's frames (made from exc_info by dict_tracebacks) exist already
        processors.insert(max(0, len(processors) - 1), redact_content)


def install() -> None:
    """Call in a serving process; cheap, and a second call changes nothing."""
    for start in _QUOTING_WARNINGS:
        warnings.filterwarnings("ignore", message=re.escape(start), category=UserWarning)
    _add_redaction()
    log_utils = sys.modules.get("rasa.utils.log_utils")
    configure = getattr(log_utils, "configure_structlog", None)
    if configure is None or getattr(configure, "redacts", False):
        return

    def configure_then_redact(*args: Any, **kwargs: Any) -> None:
        configure(*args, **kwargs)
        _add_redaction()

    configure_then_redact.redacts = True  # type: ignore[attr-defined]
    log_utils.configure_structlog = configure_then_redact  # type: ignore[union-attr]
