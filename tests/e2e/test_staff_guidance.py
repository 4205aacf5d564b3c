"""Staff over REST against the real servers: the staff menu, questions answered from the plan with
their source, cards where a service fits, the honest answer, and danger still first."""

import json

import pytest

from harness.servers import payloads, send

pytestmark = pytest.mark.servers


def guidance_payload(replies):
    [payload] = [p for p in payloads(replies) if p.get("need") == "staff_guidance"]
    return payload


def test_the_professional_button_opens_the_staff_menu_and_a_choice_answers(servers, sender):
    greeting = send(servers, sender, "hej")
    professional = [
        b for r in greeting for b in r.get("buttons") or [] if b["title"] == "Jag frågar i jobbet"
    ]
    assert professional, greeting
    menu = send(servers, sender, professional[0]["payload"])
    buttons = [b for r in menu for b in r.get("buttons") or []]
    assert [b["title"] for b in buttons] == [
        "Vart jag hänvisar",
        "Handlingsplanen",
        "Orolig för ett barn",
        "Utbildning",
        "Samverkanspartner",
    ]
    plan = send(servers, sender, buttons[1]["payload"])
    payload = guidance_payload(plan)
    assert payload["guidance_item"] == "plan-measures"
    assert "(Källa: Handlingsplanen" in plan[0]["text"]


@pytest.mark.parametrize(
    ("question", "item", "language"),
    [
        ("vem utbildar enhetscheferna i att skriva rutiner?", "manager-training", "sv"),
        ("Var hittar jag rutinen om våld i nära relationer?", "find-routine", "sv"),
        ("When must our unit have its own routine on domestic violence?", "local-routines", "en"),
    ],
)
def test_a_typed_staff_question_gets_its_item_with_the_source(
    servers, sender, question, item, language
):
    replies = send(servers, sender, question)
    payload = guidance_payload(replies)
    assert payload["guidance_item"] == item and payload["language"] == language
    text = "\n".join(r.get("text") or "" for r in replies)
    assert payload["source"] in text
    related = [b for r in replies for b in r.get("buttons") or []]
    assert 2 <= len(related) <= 3


def test_where_to_refer_someone_who_uses_violence_comes_with_the_services_as_cards(servers, sender):
    replies = send(servers, sender, "Vart hänvisar jag en pappa som slår sin fru?")
    payload = guidance_payload(replies)
    assert payload["guidance_item"] == "refer-perpetrator"
    assert {"valj-att-sluta", "askersund-socialtjanst"} <= {s["id"] for s in payload["services"]}


def test_a_question_the_plan_does_not_answer_gets_the_honest_answer(servers, sender):
    replies = send(servers, sender, "Hur stor budget har handlingsplanen?")
    payload = guidance_payload(replies)
    assert payload["guidance_item"] is None and payload["emergency"] is False
    assert "säger inte handlingsplanen" in replies[0]["text"]


@pytest.mark.parametrize(
    "question", ["var hittar jag mitt schema för nästa vecka", "how do I get a new laptop for work"]
)
def test_a_workplace_question_gets_the_out_of_scope_answer_not_a_referral(
    servers, sender, question
):
    replies = send(servers, sender, question)
    text = "\n".join(r.get("text") or "" for r in replies)
    # the municipality's switchboard for everything else; no referral as if to a victim
    assert "0583-810 00" in text
    assert [p.get("need") for p in payloads(replies) if p.get("need")] == []


def test_someone_in_danger_now_gets_the_emergency_answer_even_from_staff(servers, sender):
    replies = send(
        servers, sender, "En brukare ringer och säger att mannen står utanför med en kniv just nu"
    )
    assert payloads(replies)[0]["emergency"] is True
    assert payloads(replies)[0]["services"][0]["id"] == "sos-112"


def test_a_button_payload_names_any_item(servers, sender):
    payload = json.dumps({"guidance_item": "partner-barnahus"})
    replies = send(servers, sender, f"/ask_guidance{payload}")
    assert guidance_payload(replies)["guidance_item"] == "partner-barnahus"
