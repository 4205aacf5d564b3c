"""`python -m directory`: the admin command line."""

from .cli import main

main()
