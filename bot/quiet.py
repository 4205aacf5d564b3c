"""A clean console: third-party deprecation warnings say nothing to the person running the
assistant (they are for the libraries' authors). Sanic turns them on ("once") when imported and
Rasa turns on every UserWarning "once" at start-up (pyparsing's deprecations are both), so both
are followed by an ignore."""

import warnings
from typing import Any


def _ignore_deprecations() -> None:
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning)


def silence_library_deprecations() -> None:
    import sanic.app  # noqa: F401  its import adds filterwarnings("once", DeprecationWarning)

    _ignore_deprecations()


def keep_silent_after_rasa_configures_warnings() -> None:
    """Rasa's CLI sets its warning filters after our imports: ours go in front again."""
    import rasa.utils.common as common

    original = common._filter_warnings
    if getattr(original, "keeps_silent", False):
        return

    def filter_then_silence(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        _ignore_deprecations()

    filter_then_silence.keeps_silent = True  # type: ignore[attr-defined]
    common._filter_warnings = filter_then_silence
