"""Validation catches each kind of mistake, with the file, the line and the field."""

from datetime import date
from pathlib import Path

import pytest

from directory.validate import validate_directory

from .conftest import BROKEN, VALID

TODAY = date(2026, 11, 27)

# (fixture tree, file inside it, line, field, words the message must contain)
CASES = [
    ("yaml-syntax", "national/bad-yaml.yml", 9, "", "YAML syntax error"),
    ("unknown-field", "national/unknown-field.yml", 14, "website", "unknown field"),
    ("missing-field", "national/missing-field.yml", 1, "sources", "required"),
    ("duplicate-id", "national/same-id.yml", 1, "id", "also the id in"),
    ("id-mismatch", "national/wrong-name.yml", 1, "id", 'must equal the file name "wrong-name"'),
    (
        "unknown-audience",
        "national/unknown-audience.yml",
        7,
        "audiences[1]",
        'unknown audience "kids"',
    ),
    ("unknown-topic", "national/unknown-topic.yml", 8, "topics[1]", 'unknown topic "cooking"'),
    (
        "bad-phone",
        "national/bad-phone.yml",
        12,
        "phones[0].number",
        '"020-12" is not a valid Swedish number',
    ),
    ("bad-url", "national/bad-url.yml", 14, "url", "is not a web address"),
    ("bad-email", "national/bad-email.yml", 15, "email", "is not an e-mail address"),
    ("bad-day", "national/bad-day.yml", 17, "schedule.hours[0].days[1]", 'unknown day "mon"'),
    ("bad-time", "national/bad-time.yml", 18, "schedule.hours[0].opens", '"8:00" is not a time'),
    (
        "same-time",
        "national/same-time.yml",
        17,
        "schedule.hours[0]",
        "opens and closes are the same time",
    ),
    ("future-verified", "national/future-verified.yml", 22, "verified_on", "in the future"),
    ("missing-english", "national/missing-english.yml", 4, "description.en", "required"),
    (
        "confidential-address",
        "national/confidential-address.yml",
        16,
        "address",
        "confidential address",
    ),
]


def test_valid_fixtures_pass():
    report = validate_directory(VALID, today=TODAY)
    assert report.problems == []
    assert len(report.records) == 15
    assert report.municipality_regions == {"Askersund": "Örebro län", "Kumla": "Örebro län"}


@pytest.mark.parametrize(
    ("case", "file", "line", "field", "words"), CASES, ids=[case[0] for case in CASES]
)
def test_each_mistake_is_reported_where_it_is(case, file, line, field, words):
    report = validate_directory(BROKEN / case, today=TODAY)
    assert not report.ok
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert problem.path == BROKEN / case / file
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message
    assert str(problem).endswith(f"{file}:{line}: {field + ': ' if field else ''}{problem.message}")


def test_every_problem_in_a_file_is_reported_at_once():
    report = validate_directory(BROKEN / "many-problems", today=TODAY)
    fields = [problem.field for problem in report.problems]
    assert fields == ["colour", "audiences[0]", "phones[0].number", "url", "verified_on"]
    assert [problem.line for problem in report.problems] == [4, 8, 13, 15, 23]


def test_problems_from_many_files_are_reported_together(tmp_path):
    for case in ("bad-phone", "bad-url", "unknown-topic"):
        source = next((BROKEN / case).rglob("*.yml"))
        (tmp_path / case).mkdir()
        (tmp_path / case / source.name).write_text(source.read_text())
    report = validate_directory(tmp_path, today=TODAY)
    assert len(report.problems) == 3
    assert report.records == []


def test_a_municipality_belongs_to_one_region(tmp_path):
    source = (VALID / "askersund" / "town-office.yml").read_text()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "town-office.yml").write_text(source)
    (tmp_path / "a" / "town-office-2.yml").write_text(
        source.replace("id: town-office", "id: town-office-2").replace(
            "region: Örebro län}", "region: Stockholms län}"
        )
    )
    report = validate_directory(tmp_path, today=TODAY)
    assert [problem.field for problem in report.problems] == ["area.region"]


def test_strict_types_and_plain_messages(tmp_path):
    source = (VALID / "national" / "office-line.yml").read_text()
    (tmp_path / "office-line.yml").write_text(
        source + "anonymous: yes\npriority: 200\nlanguages: [sv, swe]\n"
    )
    messages = {
        problem.field: problem.message
        for problem in validate_directory(tmp_path, today=TODAY).problems
    }
    assert messages == {
        "anonymous": "must be true or false",
        "priority": "must be at most 100",
        "languages[1]": '"swe" is not an ISO 639-1 language code (e.g. sv, en, ar)',
    }


def test_an_empty_folder_is_a_problem(tmp_path):
    assert "no entry files" in validate_directory(tmp_path).problems[0].message


def test_a_single_file_can_be_validated():
    report = validate_directory(VALID / "national" / "kids-line.yml", today=TODAY)
    assert report.ok and [record["id"] for record in report.records] == ["kids-line"]


def test_any_folder_names_are_accepted():
    report = validate_directory(VALID, today=TODAY)
    folders = {Path(record["id"]).name for record in report.records}
    assert {"kumla-office", "far-away"} <= folders


def test_parallel_and_serial_validation_agree():
    serial = validate_directory(VALID, today=TODAY, workers=1)
    from directory import validate

    old = validate._PARALLEL_FROM
    validate._PARALLEL_FROM = 1
    try:
        parallel = validate_directory(VALID, today=TODAY, workers=2)
    finally:
        validate._PARALLEL_FROM = old
    assert parallel.records == serial.records


def test_records_are_ready_to_store():
    record = next(
        r for r in validate_directory(VALID, today=TODAY).records if r["id"] == "emergency-line"
    )
    assert record["phones"][0] == {
        "number": "112",
        "type": "voice",
        "uri": "tel:112",
        "after_hours": False,
    }
    assert record["verified_on"] == "2026-11-01"
    assert record["status"] == "active" and record["priority"] == 100
    assert record["languages"] == ["sv"]


def test_values_that_do_not_fit_the_database_columns(tmp_path):
    source = (VALID / "national" / "kids-line.yml").read_text()
    (tmp_path / "kids-line.yml").write_text(source.replace("name: Kids Line", "name: " + "x" * 301))
    problem = validate_directory(tmp_path, today=TODAY).problems[0]
    assert (problem.field, problem.message) == ("name", "is too long (at most 300 characters)")


def test_a_duplicate_id_is_found_even_in_an_invalid_file(tmp_path):
    source = (VALID / "national" / "kids-line.yml").read_text()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "kids-line.yml").write_text(source)
    (tmp_path / "b" / "kids-line.yml").write_text(source.replace('"116 111"', '"116"'))
    fields = sorted(problem.field for problem in validate_directory(tmp_path).problems)
    assert fields == ["id", "phones[0].number"]
