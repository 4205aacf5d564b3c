"""Input channels served by the Rasa server. Importing them installs the assistant's runtime
(bot/runtime.py) before Rasa starts its HTTP server: `rasa run` imports the channels first."""

from bot import runtime

runtime.install(serving=True)
