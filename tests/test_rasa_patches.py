"""The faster action-response validation still accepts what Rasa accepts and refuses the rest."""

import pytest
import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError

from bot import rasa_patches
from tests.run_async import run_async as run


@pytest.fixture
def patched(monkeypatch):
    """Rasa with the corrections installed; every attribute they touch is restored after."""
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.core.events import Event

    for owner, name in (
        (rasa_action.RemoteAction, "_validate_action_result"),
        (rasa_action, "DEFAULT_REQUEST_TIMEOUT"),
        (Event, "resolve_by_type"),
        (MessageProcessor, "parse_message"),
        (TrackerStore, "get_or_create_tracker"),
        (TrackerStore, "stream_events"),
    ):
        monkeypatch.setattr(owner, name, owner.__dict__[name])
    rasa_patches.install()


@pytest.fixture
def validate(patched):
    return lambda result: rasa_action.RemoteAction._validate_action_result(None, result)


def test_action_timeout_is_seconds_not_minutes(patched):
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == rasa_patches.DEFAULT_ACTION_TIMEOUT_SECONDS == 5
    rasa_patches.set_action_timeout(3)
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 3


def test_valid_response_passes(validate):
    assert validate(
        {
            "events": [{"event": "slot", "name": "need", "value": "x"}],
            "responses": [{"response": "utter_refer_victim", "services": "..."}],
        }
    )


@pytest.mark.parametrize(
    "bad", [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": "nope"}]
)
def test_invalid_response_is_refused(validate, bad):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        validate(bad)


def test_event_types_resolve_as_rasa_resolves_them(monkeypatch):
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    original = rasa_patches._original_resolve_by_type
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        assert rasa_patches._resolve_by_type(cls.type_name) is original(cls.type_name)
    with pytest.raises(ValueError, match="Unknown event name"):
        rasa_patches._resolve_by_type("no_such_event")
    assert rasa_patches._resolve_by_type("no_such_event", default=Event) is Event


async def _parsed_metadata(monkeypatch, slot, client_says):
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    seen = {}

    async def parse(self, message, tracker=None, only_output_properties=True):
        seen.update(message.metadata)
        return {}

    monkeypatch.setattr(rasa_patches, "_original_parse_message", parse)
    tracker = DialogueStateTracker("s", [TextSlot("language_locked", mappings=[])])
    tracker.slots["language_locked"].value = slot
    message = UserMessage("hej", sender_id="s", metadata={"language_locked": client_says})
    await rasa_patches._parse_message(None, message, tracker)
    assert seen["conversation_language"] is None  # nothing written yet in this conversation
    return seen["language_locked"]


@pytest.mark.parametrize(
    ("slot", "client_says", "locked"), [("en", False, True), (None, True, False)]
)
def test_the_lock_comes_from_the_conversation_not_the_client(
    monkeypatch, slot, client_says, locked
):
    from tests.run_async import run_async

    assert run_async(_parsed_metadata(monkeypatch, slot, client_says)) is locked


@pytest.mark.parametrize(
    ("entities", "kept"),
    [
        ([{"entity": "language", "value": "en"}], ["en"]),
        ([{"entity": "language", "value": "<b>x</b>"}], []),
        ([{"entity": "language", "value": {"a": 1}}], []),
        ([{"entity": "language", "value": "__proto__"}], []),
        ([{"entity": "language_choice", "value": "constructor"}], []),
        ([{"entity": "need", "value": "victim"}], []),  # no slot takes it from a message
        ([{"entity": "language", "value": "fa"}, "junk"], ["fa"]),
    ],
)
def test_only_values_a_slot_may_take_survive_parsing(monkeypatch, entities, kept):
    from rasa.core.channels.channel import UserMessage

    from tests.run_async import run_async

    async def parse(self, message, tracker=None, only_output_properties=True):
        return {"text": message.text, "entities": entities}

    monkeypatch.setattr(rasa_patches, "_original_parse_message", parse)
    parsed = run_async(rasa_patches._parse_message(None, UserMessage("/x", sender_id="s"), None))
    assert [e["value"] for e in parsed["entities"]] == kept


def test_static_cards_for_women_are_left_out_for_a_man_only():
    from bot.rasa_patches import cards_for_person

    def emergency():
        return {"custom": {"services": [{"id": "sos-112"}, {"id": "kf", "genders": ["woman"]}]}}

    assert [c["id"] for c in cards_for_person(emergency(), "man")["custom"]["services"]] == [
        "sos-112"
    ]
    for gender in (None, "woman"):
        assert len(cards_for_person(emergency(), gender)["custom"]["services"]) == 2
    assert cards_for_person({"text": "hej"}, "man") == {"text": "hej"}


def _published_by_a_conversation(patch: bool, monkeypatch) -> list:
    """What a broker receives over three turns, two saves per turn, one forgotten conversation."""
    from rasa.core.brokers.broker import EventBroker
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    from tests.run_async import run_async as run

    # Rasa's own methods (the patch may be installed already by an earlier import), or ours
    for name, ours in (
        ("get_or_create_tracker", rasa_patches._get_or_create_tracker),
        ("stream_events", rasa_patches._stream_events),
    ):
        rasas = getattr(rasa_patches, f"_original_{name}")
        monkeypatch.setattr(TrackerStore, name, ours if patch else rasas)

    class Recording(EventBroker):
        def __init__(self):
            self.seen = []

        def publish(self, event):
            self.seen.append((event["sender_id"], event["event"], event.get("text")))

    broker = Recording()
    inner = InMemoryTrackerStore(Domain.empty(), event_broker=broker)
    store = FailSafeTrackerStore(inner)
    reads = []
    original_retrieve = inner.retrieve

    async def counted_retrieve(sender_id):
        reads.append(sender_id)
        return await original_retrieve(sender_id)

    inner.retrieve = counted_retrieve

    async def converse():
        for turn in range(3):
            tracker = await store.get_or_create_tracker("a")
            tracker.update(UserUttered(f"message {turn}"))
            await store.save(tracker)
            tracker.update(ActionExecuted("utter_x"))
            tracker.update(BotUttered(f"answer {turn}"))
            await store.save(tracker)
            await store.save(tracker)  # nothing new: nothing published
        await store.get_or_create_tracker("b")

    run(converse())
    return broker.seen, len(reads)


def test_publishing_only_new_events_publishes_what_rasa_publishes(monkeypatch):
    rasas, rasa_reads = _published_by_a_conversation(False, monkeypatch)
    ours, our_reads = _published_by_a_conversation(True, monkeypatch)
    assert len(rasas) == 1 + 3 * 3 + 1
    assert ours == rasas
    # 4 fetches and 2 first saves (nothing stored yet) read the store either way; Rasa also reads
    # the conversation back on each of the 9 later saves
    assert (rasa_reads, our_reads) == (4 + 2 + 9, 4 + 2)


def test_a_reply_names_the_language_of_the_variant_rasa_chose():
    from bot.rasa_patches import variant_language

    variants = [
        {"condition": [{"type": "slot", "name": "language", "value": "ar"}], "text": "مرحبا"},
        {"text": "Hej"},  # the default variant is Swedish
    ]
    assert variant_language(variants, "ar") == "ar"
    assert variant_language(variants, "ti") == "sv"  # no Tigrinya variant: Swedish is sent
    assert variant_language(variants, None) == "sv"


def test_the_rest_channel_marks_every_part_of_a_reply_with_its_language_and_direction():
    from bot.channels.rest import RecordingOutputChannel

    channel = RecordingOutputChannel()
    message = {"text": "مرحبا\n\nكيف حالك", "language": "ar", "utter_action": "utter_greet"}
    run(channel.send_response("someone", message))
    assert [(m["language"], m["direction"]) for m in channel.messages] == [("ar", "rtl")] * 2
    run(channel.send_response("someone", {"custom": {"services": []}}))  # an action's payload
    assert "language" not in channel.messages[-1]
