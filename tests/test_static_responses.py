"""Static responses (they work without the action server) must state the directory's facts."""

from pathlib import Path

import pytest
import yaml

from directory.validate import validate_directory

DOMAIN = Path(__file__).resolve().parent.parent / "bot" / "domain"


def static_services():
    for path in sorted(DOMAIN.glob("*.yml")):
        for name, variants in (
            yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        ).items():
            for variant in variants:
                for service in (variant.get("custom") or {}).get("services", []):
                    yield name, variant["custom"]["language"], service


@pytest.fixture(scope="module")
def directory():
    report = validate_directory(Path(__file__).resolve().parent.parent / "directory" / "entries")
    assert report.ok
    return {record["id"]: record for record in report.records}


def test_there_are_static_services():
    assert len(list(static_services())) >= 8


@pytest.mark.parametrize(("response", "language", "service"), list(static_services()))
def test_static_service_matches_the_directory(response, language, service, directory):
    entry = directory[service["id"]]
    first_phone = entry["phones"][0]
    assert service["name"] == entry["name"]
    assert service["phone"] == first_phone["number"]
    assert service["phone_uri"] == first_phone["uri"]
    assert service["url"] == entry["url"]


@pytest.mark.parametrize(("response", "language", "service"), list(static_services()))
def test_static_phone_numbers_appear_in_the_text(response, language, service):
    responses = {}
    for path in DOMAIN.glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    texts = [
        v["text"]
        for v in responses[response]
        if (v.get("custom") or {}).get("language") == language
    ]
    if response in ("utter_unclear", "utter_help", "utter_service_unavailable"):
        assert any(service["phone"] in t for t in texts), (response, service["phone"])


def referral_responses():
    data = yaml.safe_load((DOMAIN / "referrals.yml").read_text(encoding="utf-8"))["responses"]
    for name, variants in data.items():
        for variant in variants:
            yield name, variant


@pytest.mark.parametrize(("response", "variant"), list(referral_responses()))
def test_every_referral_has_the_services_and_two_to_four_buttons(response, variant):
    assert "{services}" in variant["text"]
    assert 2 <= len(variant.get("buttons", [])) <= 4
    assert all(b["payload"].startswith("/") for b in variant["buttons"])
