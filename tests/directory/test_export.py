"""The HSDS 3.0 mapping: field names, stable UUIDs, nothing confidential."""

import uuid
from datetime import date

from directory.export import to_hsds
from directory.validate import validate_directory

from .conftest import VALID


def exported():
    return to_hsds(validate_directory(VALID, today=date(2026, 11, 27)).records)


def test_tables_and_field_names():
    data = exported()
    assert set(data) == {
        "organizations",
        "services",
        "phones",
        "schedules",
        "languages",
        "service_areas",
    }
    service = next(s for s in data["services"] if s["name"] == "Town Office")
    # HSDS leaves absent facts out (this entry has an e-mail but no web address)
    assert {"id", "organization_id", "name", "description", "status", "assured_date"} <= set(
        service
    )
    assert "url" not in service and service["email"] == "kommun@example.se"
    assert service["status"] == "active" and service["assured_date"] == "2026-11-01"
    assert service["description"] == "Kommunens växel."
    org = next(o for o in data["organizations"] if o["id"] == service["organization_id"])
    assert org["name"] == "Askersunds kommun"
    for table in data.values():
        for row in table:
            uuid.UUID(row["id"])
            if "service_id" in row:
                assert any(s["id"] == row["service_id"] for s in data["services"])


def test_ids_are_stable_and_computable():
    first, second = exported(), exported()
    assert first == second
    namespace = uuid.UUID("5b0c7a9e-2d4f-4c55-9a39-5a6f0c1e7d21")
    ids = {s["id"] for s in first["services"]}
    assert str(uuid.uuid5(namespace, "service/kids-line")) in ids


def test_phones_schedules_languages_areas():
    data = exported()
    emergency = next(s["id"] for s in data["services"] if s["name"] == "Emergency 112")
    phones = [p for p in data["phones"] if p["service_id"] == emergency]
    assert [(p["number"], p["type"]) for p in phones] == [("112", "voice"), ("112", "text")]
    assert phones[1]["description"] == "SMS 112 kräver registrering"
    office = next(s["id"] for s in data["services"] if s["name"] == "Town Office")
    rows = [s for s in data["schedules"] if s["service_id"] == office]
    assert [(r["freq"], r["byday"], r["opens_at"], r["closes_at"]) for r in rows] == [
        ("WEEKLY", "MO,TU,WE,TH,FR", "08:00", "12:00"),
        ("WEEKLY", "MO,TU,WE,TH", "13:00", "16:00"),
        ("WEEKLY", "FR", "13:00", "15:00"),
    ]
    always = [s for s in data["schedules"] if s["service_id"] == emergency]
    assert [(r["byday"], r["opens_at"], r["closes_at"]) for r in always] == [
        ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")
    ]
    evening = next(s["id"] for s in data["services"] if s["name"] == "Evening Line")
    assert sorted(r["code"] for r in data["languages"] if r["service_id"] == evening) == [
        "ar",
        "sv",
    ]
    areas = {a["service_id"]: a for a in data["service_areas"]}
    assert areas[office]["name"] == "Askersund kommun, Örebro län"
    assert areas[office]["extent_type"] == "text"


def test_status_spelling_and_no_staff_notes():
    data = exported()
    paused = next(s for s in data["services"] if s["name"] == "Paused Line")
    assert paused["status"] == "temporarily closed"
    text = str(data)
    assert "staff_notes" not in text and "review_needed" not in text
