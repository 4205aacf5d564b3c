"""`rasa` with the assistant's runtime installed before anything starts: the launcher runs
`python -m bot.rasa_cli run|shell ...`, so even `rasa shell`'s own HTTP server is guarded."""

import sys

from bot import runtime


def main() -> None:
    runtime.install(serving=len(sys.argv) > 1 and sys.argv[1] in ("run", "shell"))
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
