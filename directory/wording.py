"""Who a service serves, in words of a language: one sentence per eligibility group."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from .i18n import words


def group_text(group: Dict[str, Any], language: str) -> str:
    """ "women", "men from 18 years", "anyone up to 17 years"."""
    text = words(language)
    who = text["eligibility_and"].join(text["genders"][g] for g in group.get("genders") or [])
    parts = [who or text["eligibility_anyone"]]
    if group.get("minimum_age") is not None:
        parts.append(text["eligibility_from_age"].format(age=group["minimum_age"]))
    if group.get("maximum_age") is not None:
        parts.append(text["eligibility_to_age"].format(age=group["maximum_age"]))
    return " ".join(parts)


def groups_text(groups: Iterable[Dict[str, Any]], language: str) -> str:
    return words(language)["separator"].join(group_text(group, language) for group in groups)


def who_for_person(groups: Iterable[Dict[str, Any]], language: str) -> str | None:
    """Whom a service takes among people asking for themselves (groups only for relatives or
    professionals left out); None when it takes anyone."""
    personal: List[Dict[str, Any]] = [g for g in groups if not g.get("audiences")]
    if not personal or any(g == {} for g in personal):
        return None
    return groups_text(personal, language)
