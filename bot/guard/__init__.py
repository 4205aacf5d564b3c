"""The HTTP layer's guard for both servers: limits (limits.py), per-client rate (rate.py), and
Sanic's protocol with the checks it lacks (protocol.py). `install()` makes every Sanic app in
the process use it; the action server also passes it explicitly."""


def install() -> None:
    import sanic.app

    from bot.guard.protocol import GuardedHttpProtocol

    # Sanic.run picks `HttpProtocol` from its module when none is given, as Rasa's server does.
    sanic.app.HttpProtocol = GuardedHttpProtocol  # type: ignore[misc]
