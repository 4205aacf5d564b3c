"""The REST channel the website and tests use, hardened: POST /webhooks/rest/webhook.

Compared with Rasa's RestInput it validates the request (4xx instead of 500), limits message
length, never logs message text, always answers (a static referral when the action server or the
directory is down), and deletes a conversation's tracker when the user asks to forget it.
"""

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import rasa_patches
from bot.channels.app_hooks import RegisteringBlueprint
from bot.channels.limits import BadRequest, parse_forget, parse_incoming
from bot.language.detect import text_direction
from bot.privacy import forget_conversation

logger = logging.getLogger(__name__)

FORGOTTEN_RESPONSE = "utter_forgotten"
TOO_LONG_RESPONSE = "utter_too_long"
EMPTY_RESPONSE = "utter_help"
UNAVAILABLE_RESPONSE = "utter_service_unavailable"


class RecordingOutputChannel(CollectingOutputChannel):
    """Collects the replies and the names of the responses sent, without reading the tracker."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: List[str] = []

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        if message.get("utter_action"):
            self.responses.append(message["utter_action"])
        language = message.get("language")  # set by the domain's responses (bot/rasa_patches)
        first_new = len(self.messages)
        await super().send_response(recipient_id, message)
        if isinstance(language, str):
            for sent in self.messages[first_new:]:  # a text split in paragraphs is several
                sent["language"] = language
                sent["direction"] = text_direction(language)


class AssistantRestInput(RestInput):
    """Configured in credentials.yml under `bot.channels.rest.AssistantRestInput`."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "AssistantRestInput":
        credentials = credentials or {}
        return cls(
            max_chars=int(credentials.get("max_message_chars", 2000)),
            reply_timeout=float(credentials.get("reply_timeout_seconds", 20)),
            action_timeout=float(credentials.get("action_timeout_seconds", 5)),
            idle_minutes=float(credentials.get("forget_idle_after_minutes", 30)),
        )

    def __init__(
        self,
        max_chars: int = 2000,
        reply_timeout: float = 20,
        action_timeout: float = 5,
        idle_minutes: float = 30,
    ) -> None:
        self.max_chars = max_chars
        self.reply_timeout = reply_timeout
        self.idle_seconds = idle_minutes * 60
        self._last_seen: Dict[str, float] = {}
        self._forgetting: Optional[asyncio.Task] = None
        rasa_patches.set_action_timeout(action_timeout)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = RegisteringBlueprint("assistant_rest", _answer_root_without_versions)

        @webhook.listener("after_server_start")
        async def start_forgetting(app, loop) -> None:
            self._forgetting = loop.create_task(self._forget_idle_conversations(app))

        @webhook.listener("before_server_stop")
        async def stop_forgetting(_app, _loop) -> None:
            if self._forgetting is not None:
                self._forgetting.cancel()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                incoming = parse_incoming(request.content_type, request.body, self.max_chars)
            except BadRequest as error:
                return response.json({"error": error.reason}, status=error.status)
            agent = request.app.ctx.agent
            collector = RecordingOutputChannel()
            self._last_seen[incoming.sender] = time.monotonic()
            if incoming.too_long:
                await self._static(agent, incoming.sender, TOO_LONG_RESPONSE, collector)
            elif not incoming.text:
                await self._static(agent, incoming.sender, EMPTY_RESPONSE, collector)
            else:
                await self._handle(agent, on_new_message, incoming.sender, incoming.text, collector)
            return response.json(collector.messages)

        @webhook.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            try:
                sender = parse_forget(request.content_type, request.body)
            except BadRequest as error:
                return response.json({"error": error.reason}, status=error.status)
            await self._forget(request.app.ctx.agent, sender)
            return response.empty(status=204)

        return webhook

    async def _handle(
        self,
        agent: Any,
        on_new_message: Callable,
        sender: str,
        text: str,
        collector: RecordingOutputChannel,
    ) -> None:
        # no client metadata: the processor adds what the NLU may know (bot/rasa_patches.py)
        message = UserMessage(text, collector, sender, input_channel=self.name())
        try:
            await asyncio.wait_for(on_new_message(message), self.reply_timeout)
        except asyncio.TimeoutError:
            logger.error(
                "A reply took longer than %.0f s; sent the static referral.", self.reply_timeout
            )
        except Exception as error:  # the person must get an answer whatever failed
            logger.error(
                "Handling a message failed (%s); sent the static referral.", type(error).__name__
            )
        if not collector.messages:
            await self._static(agent, sender, UNAVAILABLE_RESPONSE, collector)
        # "glöm"/"forget" (utter_forgotten) and /restart end the conversation: delete its tracker
        if FORGOTTEN_RESPONSE in collector.responses or text.strip().lower() == "/restart":
            await self._forget(agent, sender)

    @staticmethod
    async def _tracker(agent: Any, sender: str) -> Optional[DialogueStateTracker]:
        try:
            return await agent.tracker_store.retrieve(sender)
        except Exception as error:
            logger.error("Could not read a conversation (%s).", type(error).__name__)
            return None

    async def _static(
        self, agent: Any, sender: str, response_name: str, collector: CollectingOutputChannel
    ) -> None:
        """A domain response, in the conversation's language, without the dialogue engine."""
        tracker = await self._tracker(agent, sender) or DialogueStateTracker(
            sender, agent.domain.slots
        )
        reply = await agent.nlg.generate(response_name, tracker, self.name())
        if reply:
            await collector.send_response(sender, reply)

    async def _forget(self, agent: Any, sender: str) -> None:
        self._last_seen.pop(sender, None)
        forget_conversation(agent.tracker_store, sender)

    async def _forget_idle_conversations(self, app: Any) -> None:
        """Delete conversations idle longer than the session expiry: nothing is kept for later."""
        while True:
            await asyncio.sleep(min(60.0, self.idle_seconds / 2))
            cutoff = time.monotonic() - self.idle_seconds
            for sender in [s for s, seen in list(self._last_seen.items()) if seen < cutoff]:
                await self._forget(app.ctx.agent, sender)


def _answer_root_without_versions(app: Any, _url_prefix: str) -> None:
    """Rasa's `GET /` names its version: an attacker's first question. Say only that it is up."""

    async def root(request: Request) -> Optional[HTTPResponse]:
        if request.path == "/" and request.method in ("GET", "HEAD"):
            return response.json({"status": "ok"})
        return None

    app.register_middleware(root, "request")


__all__: List[str] = ["AssistantRestInput"]
