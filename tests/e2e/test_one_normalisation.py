"""Text reaches the classifier in the form the training data has: the Persian half-space
(U+200C) survives the live channel, and the stored message is the normalised one."""

import json
import sqlite3

import pytest

from harness.servers import send

pytestmark = pytest.mark.servers

# training examples of data/nlu/fa written with the half-space, and their intents
HALF_SPACE_EXAMPLES = [
    ("شوهرم منو می\u200cزنه", "victim_violence"),
    ("شوهرم مرا لت و کوب می\u200cکند", "victim_violence"),
]


def stored_user_messages(db, sender):
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


@pytest.mark.parametrize(("text", "intent"), HALF_SPACE_EXAMPLES)
def test_a_persian_half_space_reaches_the_classifier_as_in_training(
    sql_servers, sender, text, intent
):
    replies = send(sql_servers, sender, text + "\u200b\u202e")  # with two characters to remove
    assert any((r.get("custom") or {}).get("language") == "fa" for r in replies)
    [event] = stored_user_messages(sql_servers.tracker_db, sender)
    assert event["text"] == text  # half-space kept, the zero-width space and override gone
    assert event["parse_data"]["intent"]["name"] == intent
