"""The website chat widget, served by the assistant itself.

Routes, under Rasa's channel prefix `/webhooks/webchat/` and the same under `/webchat/`:

- `widget.js`: the one-line embed; the default exit URL, the REST path, the message limit and the
  UI strings (`bot/webchat/i18n.json`) are written into it here, so one request gives the widget
  all it needs and it can still show the crisis numbers when the assistant stops answering.
- `widget.css`, and `demo` (with `demo.css` and `demo.js`): a municipal page with the widget on it.

The widget talks to the REST channel (`/webhooks/rest/webhook` and `/forget`) on this origin.
Other websites may embed it only when listed in `allowed_origins`: this channel adds the CORS
headers for exactly those origins to the REST channel's two routes (nothing else, never `*`).

Configured in credentials.yml under `bot.channels.webchat.WebchatInput`.
"""

import json
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, List
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.app_hooks import RegisteringBlueprint

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "webchat"
DEFAULT_EXIT_URL = "https://www.google.com/search?q=v%C3%A4der"
ALIAS_PREFIX = "/webchat"
CONFIG_MARKER = "/*@config*/ {} /*@end*/"
STRINGS_MARKER = "/*@strings*/ {} /*@end*/"

# Nothing the widget serves may stay in a shared computer's browser cache: a cached copy of the
# widget is a trace that someone looked for help.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Embedding pages load widget.js and widget.css from another origin.
ASSET_HEADERS = {**PRIVATE_HEADERS, "Cross-Origin-Resource-Policy": "cross-origin"}
# The demo page runs only its own files: no inline script or style, no third-party requests.
DEMO_HEADERS = {
    **PRIVATE_HEADERS,
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
}


class WebchatInput(InputChannel):
    """Serves the widget; the conversation itself goes through the REST channel."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> "WebchatInput":
        credentials = credentials or {}
        return cls(
            allowed_origins=credentials.get("allowed_origins") or [],
            exit_url=credentials.get("exit_url") or DEFAULT_EXIT_URL,
            max_chars=int(credentials.get("max_message_chars", 2000)),
        )

    def __init__(
        self,
        allowed_origins: Iterable[str] = (),
        exit_url: str = DEFAULT_EXIT_URL,
        max_chars: int = 2000,
    ) -> None:
        self.allowed_origins = frozenset(normalise_origin(o) for o in allowed_origins)
        self.exit_url = check_exit_url(exit_url)
        self.max_chars = max_chars
        self.rest_prefix = "/webhooks/rest"
        self._cors_paths: frozenset = frozenset()
        # Read once: a missing or broken file stops the server at start, not a user later.
        self._source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
        self._strings = json.loads((STATIC_DIR / "i18n.json").read_text(encoding="utf-8"))
        for marker in (CONFIG_MARKER, STRINGS_MARKER):
            if marker not in self._source:
                raise ValueError(f"bot/webchat/widget.js lost its marker {marker}")
        self._files = {
            name: (STATIC_DIR / name).read_bytes()
            for name in ("widget.css", "demo.html", "demo.css", "demo.js")
        }

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        main = RegisteringBlueprint("webchat", self._on_register)
        self._add_routes(main)
        return main

    def _on_register(self, app: Any, url_prefix: str) -> None:
        """Also mount the routes at /webchat/, and add CORS for the REST routes (app-wide)."""
        alias = Blueprint("webchat_alias")
        self._add_routes(alias)
        app.blueprint(alias, url_prefix=ALIAS_PREFIX)
        # Rasa mounts every channel under the same root: /webhooks/webchat -> /webhooks/rest
        self.rest_prefix = url_prefix.rstrip("/").rsplit("/", 1)[0] + "/rest"
        self._cors_paths = frozenset(f"{self.rest_prefix}/{p}" for p in ("webhook", "forget"))
        app.register_middleware(self._add_cors_headers, "response")
        logger.info(
            "Web chat widget at %s/widget.js and %s/widget.js; other websites allowed: %s",
            url_prefix,
            ALIAS_PREFIX,
            ", ".join(sorted(self.allowed_origins)) or "none",
        )

    def _add_routes(self, bp: Blueprint) -> None:
        @bp.route("/widget.js", methods=["GET", "HEAD"])
        async def widget_js(_: Request) -> HTTPResponse:
            return response.text(
                self.widget_js(),
                headers=ASSET_HEADERS,
                content_type="text/javascript; charset=utf-8",
            )

        @bp.route("/widget.css", methods=["GET", "HEAD"])
        async def widget_css(_: Request) -> HTTPResponse:
            return self._file("widget.css", "text/css; charset=utf-8", ASSET_HEADERS)

        @bp.route("/demo", methods=["GET", "HEAD"])
        async def demo(_: Request) -> HTTPResponse:
            return self._file("demo.html", "text/html; charset=utf-8", DEMO_HEADERS)

        @bp.route("/demo.css", methods=["GET", "HEAD"])
        async def demo_css(_: Request) -> HTTPResponse:
            return self._file("demo.css", "text/css; charset=utf-8", PRIVATE_HEADERS)

        @bp.route("/demo.js", methods=["GET", "HEAD"])
        async def demo_js(_: Request) -> HTTPResponse:
            return self._file("demo.js", "text/javascript; charset=utf-8", PRIVATE_HEADERS)

    def _file(self, name: str, content_type: str, headers: Dict[str, str]) -> HTTPResponse:
        return response.raw(self._files[name], content_type=content_type, headers=headers)

    def widget_js(self) -> str:
        config = {"exitUrl": self.exit_url, "rest": self.rest_prefix, "maxChars": self.max_chars}
        return self._source.replace(CONFIG_MARKER, js_literal(config)).replace(
            STRINGS_MARKER, js_literal(self._strings)
        )

    async def _add_cors_headers(self, request: Request, resp: HTTPResponse) -> None:
        """Let the listed websites call the REST routes from the browser; nobody else."""
        origin = (request.headers.get("origin") or "").lower()
        if (
            resp is None
            or request.path not in self._cors_paths
            or origin not in self.allowed_origins
        ):
            return
        if "access-control-allow-origin" in resp.headers:
            return  # RASA_CORS_ORIGINS (sanic-cors) answered already; two values would fail
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Vary"] = "Origin"
        if request.method == "OPTIONS":  # the preflight of a JSON POST
            resp.headers["Access-Control-Allow-Methods"] = "POST"
            resp.headers["Access-Control-Allow-Headers"] = "Content-Type"
            resp.headers["Access-Control-Max-Age"] = "600"


def normalise_origin(origin: Any) -> str:
    """`https://www.askersund.se` form; anything else (a path, `*`, no scheme) stops the start."""
    text = str(origin).strip().rstrip("/").lower()
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "*" in text
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ValueError(
            f"webchat allowed_origins: {origin!r} is not an origin like "
            "https://www.example.se ('*' is refused)"
        )
    return text


def check_exit_url(url: str) -> str:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"webchat exit_url must be an http(s) address, not {url!r}")
    return url


def js_literal(value: Any) -> str:
    """JSON that is also safe inside JavaScript source (U+2028/9) and never closes a tag."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


__all__: List[str] = ["WebchatInput"]
