"""Publish the loaded directory as Open Referral HSDS 3.0 JSON (open data)."""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterable, List

from .hours import DAYS
from .i18n import localise, words
from .wording import groups_text

# HSDS 3.0 wants UUID ids; deriving them from our ids keeps them stable from export to export.
NAMESPACE = uuid.UUID("5b0c7a9e-2d4f-4c55-9a39-5a6f0c1e7d21")
_STATUS = {"temporarily_closed": "temporarily closed"}  # HSDS spells it with a space
_PHONE_TYPE = {"sms": "text"}  # HSDS (RFC 6350) calls SMS "text"
# Swedish open data: every text in the export is in Swedish (words from directory/locales.yml).
EXPORT_LANGUAGE = "sv"


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _schedules(record: Dict[str, Any], service_id: str) -> List[Dict[str, Any]]:
    schedule = record.get("schedule")
    if not schedule:
        return []
    text = words(EXPORT_LANGUAGE)
    note = (schedule.get("note") or {}).get(EXPORT_LANGUAGE)
    base = {"service_id": service_id, "freq": "WEEKLY", "notes": text["local_time_note"]}
    if schedule.get("open_24_7"):
        # HSDS's own advice: 00:00-23:59 signals hours known and 24h.
        return [
            dict(
                base,
                id=_id("schedule", record["id"], "0"),
                byday=",".join(day.upper() for day in DAYS),
                opens_at="00:00",
                closes_at="23:59",
                description=note or text["open_24_7"],
            )
        ]
    rows = []
    holidays_word = {"closed": "closed_on_holidays", "unknown": "holidays_unknown"}
    word = holidays_word.get(schedule.get("holidays", "closed"))
    holidays = " " + text[word] if word else ""
    for index, rule in enumerate(schedule.get("hours") or ()):
        rows.append(
            dict(
                base,
                id=_id("schedule", record["id"], str(index)),
                byday=",".join(day.upper() for day in rule["days"]),
                opens_at=rule["opens"],
                closes_at=rule["closes"],
                description=((note or "") + holidays).strip() or None,
            )
        )
    if not rows and note:
        rows.append(dict(base, id=_id("schedule", record["id"], "note"), description=note))
    return rows


def _area_name(area: Dict[str, Any]) -> str:
    text = words(EXPORT_LANGUAGE)
    if area["type"] == "national":
        return text["country"]
    if area["type"] == "region":
        return area["region"]
    return text["municipality_area"].format(**area)


def _eligibility(record: Dict[str, Any]) -> Dict[str, Any]:
    """HSDS eligibility: a sentence per group, and the age range over all groups."""
    groups = record.get("eligibility") or []
    if not groups:
        return {}
    lows = [g.get("minimum_age") for g in groups]
    highs = [g.get("maximum_age") for g in groups]
    return {
        "eligibility_description": groups_text(groups, EXPORT_LANGUAGE).capitalize() + ".",
        # a bound holds for the service only when every group has one
        "minimum_age": None if None in lows else min(lows),
        "maximum_age": None if None in highs else max(highs),
    }


def _application_process(record: Dict[str, Any]) -> str | None:
    """How to reach it, in words: the phones' kinds, e-mail and the other channels."""
    ways = [phone["type"] for phone in record["phones"]]
    ways += ["email"] if record.get("email") else []
    ways += record.get("channels") or []
    if not ways:
        return None
    text = words(EXPORT_LANGUAGE)
    names = [text["channels"][way] for way in dict.fromkeys(ways)]
    return text["reach_by"].format(ways=text["separator"].join(names))


def to_hsds(records: Iterable[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """Map validated records to HSDS 3.0 tables; Swedish text, since this is Swedish open data.

    Service ids are UUIDv5 of "service/<entry id>" in NAMESPACE, so a consumer can compute them.
    Confidential addresses and staff notes are never exported.
    """
    out: Dict[str, List[Dict[str, Any]]] = {
        "organizations": [],
        "services": [],
        "phones": [],
        "schedules": [],
        "languages": [],
        "service_areas": [],
    }
    text = words(EXPORT_LANGUAGE)
    organizations: Dict[str, Dict[str, Any]] = {}
    services_of: Dict[str, List[str]] = {}
    for record in sorted(records, key=lambda item: item["id"]):
        org_name = record.get("organization") or record["name"]
        org = organizations.get(org_name)
        if org is None:
            org = organizations[org_name] = {
                "id": _id("organization", org_name),
                "name": org_name,
                "website": None if record.get("organization") else record.get("url"),
            }
        services_of.setdefault(org_name, []).append(record["name"])
        service_id = _id("service", record["id"])
        out["services"].append(
            {
                "id": service_id,
                "organization_id": org["id"],
                "name": record["name"],
                "description": localise(record["description"], EXPORT_LANGUAGE)[0],
                "url": record.get("url"),
                "email": record.get("email"),
                "status": _STATUS.get(record["status"], record["status"]),
                "interpretation_services": text["interpreter_available"]
                if record["interpreter"]
                else None,
                "fees_description": text["free_of_charge"] if record.get("free") else None,
                "application_process": _application_process(record),
                "assured_date": record["verified_on"],
                **_eligibility(record),
            }
        )
        for index, phone in enumerate(record["phones"]):
            out["phones"].append(
                {
                    "id": _id("phone", record["id"], str(index)),
                    "service_id": service_id,
                    "number": phone["number"],
                    "type": _PHONE_TYPE.get(phone["type"], phone["type"]),
                    "description": localise(phone.get("label"), EXPORT_LANGUAGE)[0],
                }
            )
        out["schedules"] += _schedules(record, service_id)
        for code in record["languages"]:
            out["languages"].append(
                {
                    "id": _id("language", record["id"], code),
                    "service_id": service_id,
                    "code": code,
                }
            )
        out["service_areas"].append(
            {
                "id": _id("service_area", record["id"]),
                "service_id": service_id,
                "name": _area_name(record["area"]),
                "extent_type": "text",
                "extent": _area_name(record["area"]),
            }
        )
    for org_name, org in organizations.items():
        org["description"] = text["organisation_behind"].format(
            services=", ".join(services_of[org_name])
        )
    out["organizations"] = sorted(organizations.values(), key=lambda org: org["name"])
    # HSDS leaves a field out when the fact is absent (it has no nulls)
    return {table: [_present(row) for row in rows] for table, rows in out.items()}


def _present(row: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in row.items() if value is not None}
