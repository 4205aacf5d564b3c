"""Custom Rasa NLU components (registered with DefaultV1Recipe, configured in config.yml).

Importing them installs the assistant's runtime (bot/runtime.py): every mode that loads the
pipeline (train, test, shell, run, an in-process agent) runs with the same corrections."""

from bot import runtime

runtime.install()
