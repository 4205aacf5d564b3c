"""Run the rasa-sdk action server on loopback, with errors logged without conversation content."""

import argparse
import logging

from rasa_sdk.endpoint import create_app
from sanic import response

from bot import settings

logger = logging.getLogger(__name__)


def build_app():
    """rasa-sdk's app, minus its error handler that logs the whole request (the conversation)."""
    app = create_app("actions", cors_origins=None)

    @app.exception(Exception)
    async def exception_handler(request, exception: Exception):
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
    build_app().run(host=args.host, port=args.port, access_log=False)


if __name__ == "__main__":
    main()
