"""One runtime in every mode: the corrections to Rasa and Sanic this assistant relies on.

Imported by the pipeline components (so `rasa train`, `rasa test`, `rasa shell`, `rasa run` and
in-process agents all get it) and by the channels (so `rasa run` has it before its HTTP server
starts). Installing twice changes nothing.
"""

import rasa

from bot import guard, log_privacy, rasa_patches

SUPPORTED_RASA = "3.6."


class UnsupportedRasa(RuntimeError):
    pass


def check_rasa_version(version: str = rasa.__version__) -> None:
    """The corrections are written against Rasa 3.6: any other version must not start."""
    if not version.startswith(SUPPORTED_RASA):
        raise UnsupportedRasa(
            f"This assistant runs on Rasa {SUPPORTED_RASA}x; found Rasa {version}. "
            "Install the pinned versions (make setup) or update bot/rasa_patches.py first."
        )


def install(serving: bool = False) -> None:
    """Rasa's and Sanic's corrections; `serving` adds the log filters of a server process."""
    check_rasa_version()
    rasa_patches.install()
    guard.install()
    if serving:
        log_privacy.install()
