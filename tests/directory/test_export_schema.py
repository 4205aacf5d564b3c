"""The HSDS export validates against the official Open Referral HSDS 3.0 JSON schemas
(../shared/hsds-3.0-schema, copied unchanged from the specification): every row of every
table, for every shipped entry."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, RefResolver

from directory.export import to_hsds
from directory.validate import validate_directory

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMAS = ROOT.parent / "shared" / "hsds-3.0-schema"
TABLE_SCHEMA = {
    "organizations": "organization.json",
    "services": "service.json",
    "phones": "phone.json",
    "schedules": "schedule.json",
    "languages": "language.json",
    "service_areas": "service_area.json",
}


@pytest.fixture(scope="module")
def export():
    report = validate_directory(ROOT / "directory" / "entries")
    assert report.ok
    return to_hsds(report.records)


def validator(name: str) -> Draft202012Validator:
    store = {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")
    }
    schema = store[name]
    resolver = RefResolver(base_uri=f"{SCHEMAS.as_uri()}/", referrer=schema, store=store)
    return Draft202012Validator(schema, resolver=resolver)


@pytest.mark.parametrize("table", sorted(TABLE_SCHEMA))
def test_every_row_is_valid_hsds(export, table):
    check = validator(TABLE_SCHEMA[table])
    rows = export[table]
    assert rows
    errors = [
        f"{table}[{i}].{'.'.join(map(str, e.path))}: {e.message}"
        for i, row in enumerate(rows)
        for e in check.iter_errors(row)
    ]
    assert errors == []


def test_absent_facts_are_left_out_not_null(export):
    nulls = [
        (t, k) for t, rows in export.items() for row in rows for k, v in row.items() if v is None
    ]
    assert nulls == []
