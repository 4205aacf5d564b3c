"""Rasa mounts a channel's blueprint only under /webhooks/<name>/; registration is the one moment
a channel sees the Sanic app, so app-wide routes and middleware are added from there."""

from typing import Any, Callable, Dict

from sanic import Blueprint


class RegisteringBlueprint(Blueprint):
    """A blueprint that calls `on_register(app, url_prefix)` when Rasa registers it."""

    def __init__(self, name: str, on_register: Callable[[Any, str], None]) -> None:
        super().__init__(name)
        self.ctx.on_register = on_register  # Sanic allows new attributes only on ctx

    def register(self, app: Any, options: Dict[str, Any]) -> None:
        super().register(app, options)
        self.ctx.on_register(app, options.get("url_prefix") or f"/webhooks/{self.name}")
