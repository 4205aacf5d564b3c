"""Input channels served by the Rasa server."""
