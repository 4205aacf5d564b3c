"""Every setting of the assistant's servers, read from the environment with safe local defaults."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Where the Rasa server listens (loopback by default: put a reverse proxy in front in production).
RASA_HOST = os.environ.get("RASA_HOST", "127.0.0.1")
RASA_PORT = _int("RASA_PORT", 5005)
# The action server only talks to the Rasa server: loopback unless told otherwise.
ACTION_HOST = os.environ.get("ACTION_HOST", "127.0.0.1")
ACTION_PORT = _int("ACTION_PORT", 5055)
MODEL_PATH = Path(os.environ.get("RASA_MODEL", ROOT / "models" / "assistant.tar.gz"))
ENDPOINTS = Path(os.environ.get("RASA_ENDPOINTS", ROOT / "endpoints.yml"))
CREDENTIALS = Path(os.environ.get("RASA_CREDENTIALS", ROOT / "credentials.yml"))
# Seconds to wait for a server to answer after start (Rasa imports TensorFlow: it takes a while).
STARTUP_TIMEOUT = _int("STARTUP_TIMEOUT", 180)
# Rasa's HTTP API can read and change conversations: off unless asked for, and then with a token.
ENABLE_API = os.environ.get("RASA_ENABLE_API", "").lower() in ("1", "true", "yes")
AUTH_TOKEN = os.environ.get("RASA_AUTH_TOKEN", "")
# Websites allowed to call the assistant from a browser (space-separated origins); none by default.
CORS_ORIGINS = os.environ.get("RASA_CORS_ORIGINS", "").split()
