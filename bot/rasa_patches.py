"""Two small corrections to Rasa 3.6 at run time, installed by the website channel at start-up.

- Rasa validates every action server response with `jsonschema.validate`, which first checks the
  schema against its meta-schema on every call: about 95 ms per action on these machines, most
  of a reply's time. The response is still validated, with a validator built once.
- Rasa waits five minutes for a hanging action server; a person in crisis cannot.
"""

from functools import lru_cache
from typing import Any, Dict

import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError
from jsonschema.validators import validator_for


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    spec = rasa_action.RemoteAction.action_response_format_spec()
    validator_class = validator_for(spec)
    validator_class.check_schema(spec)  # once, not per response
    return validator_class(spec)


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise


def install(action_timeout_seconds: float) -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds
