"""Static responses (they work without the action server) must state the directory's facts."""

from functools import lru_cache
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
    # whom the card is for, as the directory's eligibility says (the person-supported group)
    groups = [g for g in entry.get("eligibility") or [] if not g.get("audiences")]
    any_gender = not groups or any(not group.get("genders") for group in groups)
    genders = [] if any_gender else sorted({g for group in groups for g in group["genders"]})
    assert sorted(service.get("genders") or []) == genders, service["id"]


# Responses whose text lists the services: each card's number must be in the text too, so a
# plain-text channel (no cards) shows it.
TEXT_LISTS_SERVICES = ("utter_unclear", "utter_help", "utter_service_unavailable")


@lru_cache(maxsize=1)
def all_responses():
    responses = {}
    for path in DOMAIN.glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return responses


def texts_in(response, language):
    return [
        v["text"]
        for v in all_responses()[response]
        if (v.get("custom") or {}).get("language") == language
    ]


@pytest.mark.parametrize(("response", "language", "service"), list(static_services()))
def test_each_static_service_can_be_reached_by_who_reads_it(response, language, service, directory):
    in_text = any(service["phone"] in t for t in texts_in(response, language))
    if response in TEXT_LISTS_SERVICES or in_text:
        assert in_text, (response, service["phone"])
    else:
        # a card whose number is not in the text must be a line that answers day and night
        schedule = directory[service["id"]].get("schedule") or {}
        assert schedule.get("open_24_7"), (response, service["id"])
        assert service["open_now"] is True


def variants_with_payloads():
    for name, variants in all_responses().items():
        for variant in variants:
            if variant.get("custom"):
                yield name, variant


def condition_language(variant):
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return condition["value"]
    return "sv"  # the unconditioned variant is the Swedish default


@pytest.mark.parametrize(("response", "variant"), list(variants_with_payloads()))
def test_the_payload_says_the_language_the_text_is_in(response, variant):
    if response == "utter_language_unsupported":
        # the one bilingual answer: English first, then Swedish
        assert variant["custom"]["language"] == "en" and "Jag kan svara" in variant["text"]
        return
    assert variant["custom"]["language"] == condition_language(variant), response


@pytest.mark.parametrize(
    "variant", all_responses()["utter_emergency"], ids=lambda v: condition_language(v)
)
def test_every_emergency_answer_says_112_first(variant):
    assert "112" in variant["text"][:80]
    assert variant["custom"]["emergency"] is True
    assert variant["custom"]["services"][0]["phone"] == "112"


def referral_responses():
    """Every variant of every response that lists services (referrals.yml and person.yml)."""
    for path in ("referrals.yml", "person.yml"):
        data = yaml.safe_load((DOMAIN / path).read_text(encoding="utf-8"))["responses"]
        for name, variants in data.items():
            for variant in variants:
                if "{services}" in variant["text"]:
                    yield name, variant


@pytest.mark.parametrize(("response", "variant"), list(referral_responses()))
def test_every_referral_has_the_services_and_two_to_four_buttons(response, variant):
    assert 2 <= len(variant.get("buttons", [])) <= 4
    assert all(b["payload"].startswith("/") for b in variant["buttons"])


@pytest.mark.parametrize(("response", "variant"), list(referral_responses()))
def test_every_referral_text_says_what_to_do_in_danger(response, variant):
    # the 112 sentence, in every language (after the services, or in the opening sentence)
    assert "112" in variant["text"]


def test_the_referral_responses_are_all_checked():
    names = {name for name, _ in referral_responses()}
    assert {"utter_refer_victim", "utter_refer_elder", "utter_refer_open_now"} <= names
