"""`rasa` with the assistant's runtime installed before anything starts: the launcher runs
`python -m bot.rasa_cli run|shell ...`, so even `rasa shell`'s own HTTP server is guarded."""

import sys

from bot.quiet import keep_silent_after_rasa_configures_warnings, silence_library_deprecations

silence_library_deprecations()  # before Rasa's imports, which raise most of them

from bot import runtime


def main() -> None:
    keep_silent_after_rasa_configures_warnings()
    runtime.install(serving=len(sys.argv) > 1 and sys.argv[1] in ("run", "shell"))
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
