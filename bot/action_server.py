"""Run the rasa-sdk action server on loopback, with errors logged without conversation content,
behind the same HTTP guard as the Rasa server (bot/guard/)."""

import argparse
import logging

from bot.quiet import silence_library_deprecations

silence_library_deprecations()  # before rasa-sdk's imports, which raise some

from rasa_sdk.endpoint import create_app
from sanic import response
from sanic.exceptions import SanicException

from bot import log_privacy, settings
from bot.guard.limits import ACTION_SERVER_LIMITS
from bot.guard.protocol import GuardedHttpProtocol

logger = logging.getLogger(__name__)


def build_app():
    """rasa-sdk's app, minus its error handler that logs the whole request (the conversation)."""
    app = create_app("actions", cors_origins=None)
    app.ctx.http_limits = ACTION_SERVER_LIMITS

    @app.exception(Exception)
    async def exception_handler(request, exception: Exception):
        if isinstance(exception, SanicException):
            # a refused or cut request (bad HTTP, too large, too slow): its status and reason
            headers = getattr(exception, "headers", None)
            return response.json(
                {"error": str(exception)}, status=exception.status_code, headers=headers
            )
        logger.error("Action failed: %s", type(exception).__name__)
        return response.json({"error": "action failed"}, status=500)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=settings.ACTION_HOST)
    parser.add_argument("--port", type=int, default=settings.ACTION_PORT)
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    log_privacy.install()
    app = build_app()
    app.run(host=args.host, port=args.port, access_log=False, protocol=GuardedHttpProtocol)


if __name__ == "__main__":
    main()
