"""The launcher's server commands: API off unless a token is given, no wildcard CORS, loopback."""

import importlib

import pytest


@pytest.fixture
def launcher(monkeypatch):
    def load(**env):
        for name in (
            "RASA_ENABLE_API",
            "RASA_AUTH_TOKEN",
            "RASA_CORS_ORIGINS",
            "RASA_HOST",
            "ACTION_HOST",
        ):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        import bot.launcher
        import bot.settings

        importlib.reload(bot.settings)
        return importlib.reload(bot.launcher)

    yield load
    importlib.reload(importlib.import_module("bot.settings"))


def test_defaults_listen_on_loopback_without_api(launcher):
    module = launcher()
    command = module.rasa_command()
    assert "--enable-api" not in command and "--cors" not in command
    assert command[command.index("--interface") + 1] == "127.0.0.1"
    actions = module.action_server_command()
    assert actions[actions.index("--host") + 1] == "127.0.0.1"


def test_api_needs_a_token(launcher):
    with pytest.raises(ValueError, match="RASA_AUTH_TOKEN"):
        launcher(RASA_ENABLE_API="true").rasa_command()
    command = launcher(
        RASA_ENABLE_API="true", RASA_AUTH_TOKEN="s3cret-token-0123456789"
    ).rasa_command()
    assert command[command.index("--auth-token") + 1] == "s3cret-token-0123456789"


def test_cors_lists_origins_and_refuses_wildcard(launcher):
    command = launcher(
        RASA_CORS_ORIGINS="https://www.askersund.se https://intra.askersund.se"
    ).rasa_command()
    assert command[command.index("--cors") + 1 :][:2] == [
        "https://www.askersund.se",
        "https://intra.askersund.se",
    ]
    with pytest.raises(ValueError, match="not"):
        launcher(RASA_CORS_ORIGINS="*").rasa_command()
