"""The statistics store: what its table can hold, and what happens when it cannot be written."""

import logging
from datetime import date

from sqlalchemy import String, inspect
from sqlalchemy.exc import IntegrityError

from bot.language.detect import all_languages
from bot.stats import store
from bot.stats.broker import StatsBroker
from bot.stats.counting import Counting, Row
from bot.stats.state import RedisState


def row(n_day: int = 3, measure: str = "conversations", category: str = "all") -> Row:
    return Row(date(2026, 3, n_day), "rest", "sv", "day", measure, category)


def test_no_column_can_hold_a_sentence_a_sender_or_a_time_of_day(tmp_path):
    engine = store.engine_for(f"sqlite:///{tmp_path / 's.db'}")
    store.create_table(engine)
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("chat_counts")}
    assert set(columns) == {"day", "channel", "language", "band", "measure", "category", "count"}
    for name, kind in columns.items():
        if isinstance(kind, String):
            assert kind.length is not None and kind.length <= 48, name
        else:
            assert type(kind).__name__ in ("DATE", "INTEGER"), (name, kind)


def test_increments_add_up_across_writes(tmp_path):
    engine = store.engine_for(f"sqlite:///{tmp_path / 's.db'}")
    store.create_table(engine)
    store.add(engine, {row(): 2, row(measure="ended_unclear"): 1})
    store.add(engine, {row(): 3, row(measure="ended_unclear"): -1})
    got = {r["measure"]: r["count"] for r in store.every_row(engine)}
    assert got == {"conversations": 5, "ended_unclear": 0}


def test_a_read_only_store_keeps_the_counts_logs_once_and_writes_them_later(tmp_path, caplog):
    path = tmp_path / "s.db"
    writable = store.engine_for(f"sqlite:///{path}")
    store.create_table(writable)
    broker = StatsBroker(db_url=f"sqlite:///file:{path}?mode=ro&uri=true", flush_seconds=3600)
    caplog.set_level(logging.ERROR)
    for _ in range(3):
        broker.counting.give_back({row(): 2})
        assert not broker.flush()
    failures = [r for r in caplog.records if "could not be written" in r.getMessage()]
    assert len(failures) == 1
    assert store.every_row(writable) == []
    broker.engine = writable  # the store is writable again: nothing counted meanwhile is lost
    assert broker.flush()
    assert [r["count"] for r in store.every_row(writable)] == [6]


def test_a_store_that_is_down_never_stops_counting(tmp_path, caplog):
    broker = StatsBroker(db_url="postgresql://nobody@127.0.0.1:1/none", flush_seconds=3600)
    caplog.set_level(logging.ERROR)
    broker.publish({"sender_id": "a", "event": "bot", "data": {"custom": {"language": "sv"}}})
    assert not broker.flush() and not broker.flush()
    assert sum(broker.counting.take().values()) == 1  # kept for the next try
    assert len([r for r in caplog.records if "could not be written" in r.getMessage()]) == 1


def test_processes_sharing_redis_count_a_conversation_once(redis_url):
    one, two = (Counting(RedisState(redis_url), all_languages()) for _ in range(2))
    answer = {"event": "bot", "timestamp": 1772529300.0, "data": {"custom": {"language": "sv"}}}
    one.event({"sender_id": "s", "event": "session_started"})
    one.event({"sender_id": "s", **answer})
    two.event({"sender_id": "s", **answer})
    counted = sum(one.take().values()) + sum(two.take().values())
    assert counted == 1
    assert one.state.salt == two.state.salt


def test_a_table_created_meanwhile_by_another_process_is_fine(tmp_path, monkeypatch):
    engine = store.engine_for(f"sqlite:///{tmp_path / 's.db'}")
    create_all = store.metadata.create_all

    def another_process_was_first(bind, checkfirst=True):
        create_all(bind, checkfirst=checkfirst)
        raise IntegrityError("CREATE TABLE chat_counts", {}, Exception("duplicate"))

    monkeypatch.setattr(store.metadata, "create_all", another_process_was_first)
    store.create_table(engine)  # no error: the table is there
    store.add(engine, {row(): 1})


def test_counts_that_cannot_be_written_at_stop_are_reported_as_a_number(caplog):
    from tests.run_async import run_async

    broker = StatsBroker(db_url="postgresql://nobody@127.0.0.1:1/none", flush_seconds=3600)
    broker.counting.give_back({row(): 3, row(measure="emergency"): 1})
    caplog.set_level(logging.ERROR)
    run_async(broker.close())
    assert "4 counts could not be written before stopping" in caplog.text


def test_counting_pauses_after_a_failure_so_no_reply_waits_again_and_again(tmp_path, caplog):
    class Unreachable:
        salt = b"s"
        calls = 0

        def _fail(self, *args):
            Unreachable.calls += 1
            raise ConnectionError("redis is down")

        get = put = put_new = drop = _fail

    broker = StatsBroker(db_url=f"sqlite:///{tmp_path / 's.db'}", flush_seconds=3600)
    broker.counting.state = Unreachable()
    caplog.set_level(logging.ERROR)
    for _ in range(20):
        broker.publish({"sender_id": "a", "event": "session_started"})
    assert Unreachable.calls == 1
    assert len([r for r in caplog.records if "could not be counted" in r.getMessage()]) == 1
