"""The faster action-response validation still accepts what Rasa accepts and refuses the rest."""

import pytest
import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError

from bot import rasa_patches


@pytest.fixture
def validate(monkeypatch):
    monkeypatch.setattr(
        rasa_action.RemoteAction,
        "_validate_action_result",
        rasa_action.RemoteAction._validate_action_result,
    )
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    rasa_patches.install(action_timeout_seconds=5)
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 5
    return lambda result: rasa_action.RemoteAction._validate_action_result(None, result)


def test_valid_response_passes(validate):
    assert validate(
        {
            "events": [{"event": "slot", "name": "need", "value": "x"}],
            "responses": [{"response": "utter_refer_victim", "services": "..."}],
        }
    )


@pytest.mark.parametrize(
    "bad", [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": "nope"}]
)
def test_invalid_response_is_refused(validate, bad):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        validate(bad)
