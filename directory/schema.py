"""The entry file format: one pydantic model per block, every field with a description and example.

Field names follow Open Referral HSDS where one fits, so the HSDS export is a mapping.
Annotations use typing.Optional/List because pydantic 1.x reads them at run time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    Extra,
    Field,
    StrictBool,
    conint,
    constr,
    root_validator,
    validator,
)

from .hours import DAYS, parse_time
from .phones import PhoneNumberError, tel_uri

if TYPE_CHECKING:  # the type checker sees plain strings; pydantic checks the constraints
    Text = str
    Slug = str
    Name = str
    Place = str
else:
    Text = constr(strict=True, strip_whitespace=True, min_length=1)
    # Lengths of the indexed SQL columns (models.py); PostgreSQL refuses longer values.
    Slug = constr(strict=True, strip_whitespace=True, min_length=1, max_length=100)
    Name = constr(strict=True, strip_whitespace=True, min_length=1, max_length=300)
    Place = constr(strict=True, strip_whitespace=True, min_length=1, max_length=100)

# ISO 639-1, so that a typo such as "sve" or "swe" for Swedish is caught.
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())

_HOST = re.compile(
    r"(localhost|\d{1,3}(\.\d{1,3}){3}|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9])",
    re.IGNORECASE,
)
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_SPACE = re.compile(r"\s")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _ascii_host(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def check_url(value: str) -> str:
    """Accept an absolute http(s) address with a real-looking host name."""
    problem = f'"{value}" is not a web address; write it in full, e.g. "https://www.example.se"'
    if _SPACE.search(value):
        raise ValueError(f'"{value}" is not a web address: it contains a space')
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(problem)
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise ValueError(problem) from None
    if not _HOST.fullmatch(_ascii_host(parts.hostname)):
        raise ValueError(problem)
    return value


def check_email(value: str) -> str:
    """A deliberately simple check: one @, a sane local part, a domain with a dot."""
    local, sep, domain = value.partition("@")
    domain_ok = "." in domain and _HOST.fullmatch(_ascii_host(domain))
    if not (sep and _EMAIL_LOCAL.fullmatch(local) and domain_ok):
        raise ValueError(f'"{value}" is not an e-mail address, e.g. "info@example.se"')
    return value


def _no_duplicates(values: List[Any], what: str) -> List[Any]:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f'{what} "{value}" is listed twice')
        seen.add(value)
    return values


class StrictModel(BaseModel):
    """Unknown fields are errors: a misspelt field must not vanish silently."""

    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


class LocalizedText(StrictModel):
    """A text per language. Swedish and English are required; they are the fallbacks."""

    sv: Text = Field(..., description="Swedish.", example="Stödtelefon för kvinnor.")
    en: Text = Field(..., description="English.", example="Support line for women.")
    ar: Optional[Text] = Field(None, description="Arabic.", example="خط دعم للنساء.")
    fa: Optional[Text] = Field(None, description="Persian/Dari.", example="خط پشتیبانی برای زنان.")
    so: Optional[Text] = Field(None, description="Somali.", example="Khadka taageerada haweenka.")
    ti: Optional[Text] = Field(None, description="Tigrinya.", example="ናይ ደገፍ መስመር ንደቂ ኣንስትዮ።")
    uk: Optional[Text] = Field(None, description="Ukrainian.", example="Лінія підтримки для жінок.")
    pl: Optional[Text] = Field(None, description="Polish.", example="Telefon wsparcia dla kobiet.")
    lattlast: Optional[Text] = Field(
        None, description="Easy-to-read Swedish (lättläst).", example="Du kan ringa och prata."
    )
    review: Optional[Dict[str, Text]] = Field(
        None,
        description="Translations a native speaker should check: language code -> what to check.",
        example={"so": "native speaker: is 'khadka' the usual word for a helpline?"},
    )


class Area(StrictModel):
    """Where the service is offered; decides local, regional or national ranking."""

    type: Literal["national", "region", "municipality"] = Field(
        ..., description="national, region or municipality.", example="municipality"
    )
    region: Optional[Place] = Field(
        None, description="County (län); needed for region and municipality.", example="Örebro län"
    )
    municipality: Optional[Place] = Field(
        None, description="Municipality (kommun); only for type municipality.", example="Askersund"
    )

    @root_validator(skip_on_failure=True)
    def _fields_fit_type(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        kind, region, municipality = values["type"], values["region"], values["municipality"]
        if kind == "national" and (region or municipality):
            raise ValueError("a national entry has no region or municipality")
        if kind == "region" and (not region or municipality):
            raise ValueError("a region entry needs `region` (e.g. Örebro län) and no municipality")
        if kind == "municipality" and not (region and municipality):
            raise ValueError("a municipality entry needs both `municipality` and `region`")
        return values


class Phone(StrictModel):
    """A Swedish phone number (HSDS phone)."""

    number: Text = Field(
        ..., description="As people dial it inside Sweden.", example="020-50 50 50"
    )
    type: Literal["voice", "sms", "textphone"] = Field(
        "voice", description="voice, sms or textphone.", example="voice"
    )
    label: Optional[LocalizedText] = Field(
        None,
        description="What this number is for, when an entry has several.",
        example={"sv": "SMS 112 kräver registrering", "en": "SMS 112 needs registration"},
    )
    after_hours: StrictBool = Field(
        False,
        description="true for the number to use when the service is closed (112 for socialjouren).",
        example=False,
    )

    @validator("number")
    def _swedish(cls, value: str) -> str:
        try:
            tel_uri(value)
        except PhoneNumberError as error:
            raise ValueError(str(error)) from None
        return value


class OpeningHours(StrictModel):
    """One opening period on some weekdays; closes earlier than opens runs past midnight."""

    days: List[Text] = Field(
        ..., min_items=1, description="Weekdays: mo, tu, we, th, fr, sa, su.", example=["mo", "tu"]
    )
    opens: Text = Field(..., description="HH:MM, Stockholm time.", example="08:00")
    closes: Text = Field(..., description="HH:MM; 24:00 means midnight.", example="16:00")

    @validator("days", each_item=True)
    def _known_day(cls, value: str) -> str:
        if value not in DAYS:
            raise ValueError(f'unknown day "{value}"; use {", ".join(DAYS)}')
        return value

    @validator("days")
    def _days_once(cls, value: List[str]) -> List[str]:
        return _no_duplicates(value, "day")

    @validator("opens")
    def _opens_time(cls, value: str) -> str:
        parse_time(value)
        return value

    @validator("closes")
    def _closes_time(cls, value: str) -> str:
        parse_time(value, allow_midnight_end=True)
        return value

    @root_validator(skip_on_failure=True)
    def _not_empty(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if parse_time(values["opens"]) == parse_time(values["closes"], allow_midnight_end=True):
            raise ValueError(
                "opens and closes are the same time; for a service that never closes write "
                "`open_24_7: true` instead of hours"
            )
        return values


class Schedule(StrictModel):
    """When the service answers (HSDS schedule): 24/7, weekly hours, or only a note."""

    open_24_7: Optional[StrictBool] = Field(
        None, description="true when it never closes.", example=True
    )
    hours: Optional[List[OpeningHours]] = Field(
        None,
        min_items=1,
        description="Weekly opening periods.",
        example=[{"days": ["mo", "tu", "we", "th"], "opens": "08:00", "closes": "16:00"}],
    )
    holidays: Literal["closed", "open", "unknown"] = Field(
        "closed",
        description=(
            "Whether the hours also apply on Swedish public holidays; unknown when the provider "
            'does not say ("every day" is not a promise about holidays).'
        ),
        example="closed",
    )
    note: Optional[LocalizedText] = Field(
        None,
        description="Anything hours cannot say; alone when exact hours are not known.",
        example={"sv": "Chatt mån–tors 20–24", "en": "Chat Mon–Thu 20:00–24:00"},
    )

    @root_validator(skip_on_failure=True)
    def _one_form(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values.get("open_24_7") is False:
            raise ValueError("write `open_24_7: true`, or leave it out and give `hours`")
        if values.get("open_24_7") and values.get("hours"):
            raise ValueError("give either `open_24_7: true` or `hours`, not both")
        if not (values.get("open_24_7") or values.get("hours") or values.get("note")):
            raise ValueError("give `open_24_7: true`, `hours`, or at least a `note`")
        return values


GENDERS = ("woman", "man", "trans_nonbinary")
# Ways to reach a service besides its voice numbers; HSDS phone types where they exist.
CHANNELS = ("voice", "sms", "textphone", "chat", "email", "web_form")
# Local roles a needs table may name instead of an id ("local:social_services"), so the same
# needs fit any municipality; at most one entry per municipality holds each role.
LOCAL_ROLES = ("social_services", "switchboard")
OLDEST = 120


class Eligibility(StrictModel):
    """One group the service takes (HSDS eligibility, minimum_age, maximum_age)."""

    audiences: Optional[List[Text]] = Field(
        None,
        min_items=1,
        description=(
            "Taxonomy audiences this group is about, e.g. [relative, professional] for a women's "
            "line that also advises relatives of any gender; leave out for the people it supports."
        ),
        example=["relative", "professional"],
    )
    genders: Optional[List[Literal["woman", "man", "trans_nonbinary"]]] = Field(
        None,
        min_items=1,
        description="woman, man, trans_nonbinary; leave out when any gender is welcome.",
        example=["man"],
    )
    minimum_age: Optional[conint(strict=True, ge=0, le=OLDEST)] = Field(  # type: ignore[valid-type]
        None, description="Youngest age in years it takes.", example=18
    )
    maximum_age: Optional[conint(strict=True, ge=0, le=OLDEST)] = Field(  # type: ignore[valid-type]
        None, description="Oldest age in years it takes (17: children only).", example=17
    )

    @validator("genders")
    def _genders_once(cls, value: Optional[List[str]]) -> Optional[List[str]]:
        return _no_duplicates(value, "gender") if value else value

    @root_validator(skip_on_failure=True)
    def _ages_in_order(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        low, high = values.get("minimum_age"), values.get("maximum_age")
        if low is not None and high is not None and low > high:
            raise ValueError(f"minimum_age {low} is above maximum_age {high}")
        given = values.get("genders") or values.get("audiences")
        if not (given or low is not None or high is not None):
            raise ValueError(
                "give genders, audiences, minimum_age or maximum_age (or leave the group out)"
            )
        return values


class Entry(StrictModel):
    """One service or resource: the whole content of one entry file."""

    id: Slug = Field(
        ...,
        description="Lowercase slug (a-z, 0-9, -); must equal the file name without .yml.",
        example="kvinnofridslinjen",
    )
    name: Name = Field(
        ..., description="Name as the provider writes it.", example="Kvinnofridslinjen"
    )
    organization: Optional[Text] = Field(
        None,
        description="Who runs it (HSDS organization).",
        example="Nationellt centrum för kvinnofrid (NCK), Uppsala universitet",
    )
    kind: Literal["service", "resource"] = Field(
        ...,
        description="service (people can turn to it) or resource (e.g. a web course).",
        example="service",
    )
    status: Literal["active", "inactive", "temporarily_closed"] = Field(
        "active",
        description="inactive entries are never shown; temporarily_closed only by id.",
        example="active",
    )
    description: LocalizedText = Field(
        ...,
        description="What it offers and for whom, in short plain sentences.",
        example={"sv": "Stödtelefon för kvinnor.", "en": "Support line for women."},
    )
    audiences: List[Text] = Field(
        ...,
        min_items=1,
        description="Who it is for; keys from taxonomy.yml.",
        example=["victim", "relative", "professional"],
    )
    topics: List[Text] = Field(
        ...,
        min_items=1,
        description="What it helps with; keys from taxonomy.yml.",
        example=["partner_violence", "sexual_violence"],
    )
    area: Area = Field(..., description="Where it is offered.", example={"type": "national"})
    phones: List[Phone] = Field(
        [],
        description="Numbers, the main one first.",
        example=[{"number": "020-50 50 50", "type": "voice"}],
    )
    url: Optional[Text] = Field(
        None,
        description="Web page for people seeking help.",
        example="https://kvinnofridslinjen.se",
    )
    email: Optional[Text] = Field(None, description="E-mail address.", example="fraga@boj.se")
    address: Optional[Text] = Field(
        None,
        description="Visiting address; never for protected housing.",
        example="Torget 1, 696 30 Askersund",
    )
    confidential_address: StrictBool = Field(
        False,
        description="true for protected housing: the address must never be published.",
        example=False,
    )
    schedule: Optional[Schedule] = Field(
        None,
        description="Opening hours; leave out when they are not verified.",
        example={"open_24_7": True},
    )
    languages: List[Text] = Field(
        ["sv"],
        description="ISO 639-1 codes of languages staff speak (interpreters aside).",
        example=["sv", "en"],
    )
    interpreter: StrictBool = Field(
        False, description="true when an interpreter can join the call.", example=True
    )
    anonymous: Optional[StrictBool] = Field(
        None, description="People can stay anonymous.", example=True
    )
    free: Optional[StrictBool] = Field(None, description="Free of charge.", example=True)
    shows_on_phone_bill: Optional[StrictBool] = Field(
        None, description="Whether a call shows on the phone bill.", example=False
    )
    eligibility: Optional[List[Eligibility]] = Field(
        None,
        min_items=1,
        description=(
            "Who it takes, as groups: a person fits when they fit any one group; leave out when "
            "anyone of its audiences is welcome. Only from the provider's own words."
        ),
        example=[{"genders": ["man"], "minimum_age": 18}],
    )
    channels: List[Literal["voice", "sms", "textphone", "chat", "email", "web_form"]] = Field(
        [],
        description=(
            "Ways to reach it besides the numbers in `phones` and the `email` field, reached "
            "through `url` (chat, web_form), or without a published number (sms, textphone)."
        ),
        example=["chat", "sms"],
    )
    reached_through: List[Text] = Field(
        [],
        description=(
            "For a service with no verified phone, web address or e-mail: ids (or local:<role>) "
            "of the services that lead to it. It is then named only with that route, never as a "
            "card of its own."
        ),
        example=["unizon", "local:social_services"],
    )
    local_role: Optional[Literal["social_services", "switchboard"]] = Field(
        None,
        description=(
            "For a municipality's own entries: the role the needs table names "
            "(local:social_services), so the same needs fit every municipality."
        ),
        example="social_services",
    )
    emergency: StrictBool = Field(
        False,
        description="An emergency line (112): ranked first when someone is in danger.",
        example=False,
    )
    priority: conint(strict=True, ge=0, le=100) = Field(  # type: ignore[valid-type]
        50, description="0-100; breaks ties in ranking, higher first.", example=90
    )
    sources: List[Text] = Field(
        ...,
        min_items=1,
        description="Web pages the facts were checked against.",
        example=["https://nck.uu.se/kvinnofridslinjen/"],
    )
    verified_on: date = Field(
        ...,
        description="When the facts were last checked against the sources (not in the future).",
        example="2026-11-26",
    )
    review_needed: Optional[Text] = Field(
        None,
        description="Why the entry needs checking by an editor.",
        example="Hours come from a 2020 page.",
    )
    staff_notes: Optional[Text] = Field(
        None,
        description="For staff and editors; never shown to people seeking help.",
        example="Not for victims themselves.",
    )

    @validator("id")
    def _slug(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError(
                f'"{value}" is not a valid id: use lowercase a-z, digits and single hyphens'
            )
        return value

    @validator("channels")
    def _channels_once(cls, value: List[str]) -> List[str]:
        return _no_duplicates(value, "channel")

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        has_contact = values.get("phones") or values.get("url") or values.get("email")
        if (
            values.get("kind") == "service"
            and not has_contact
            and not values.get("reached_through")
        ):
            raise ValueError(
                "a service needs a verified phone, url or email, or `reached_through` naming the "
                "services that lead to it"
            )
        if values.get("local_role") and values["area"].type != "municipality":
            raise ValueError("`local_role` is only for a municipality's own entries")
        return values

    @validator("audiences", "topics")
    def _listed_once(cls, value: List[str]) -> List[str]:
        return _no_duplicates(value, "value")

    @validator("url")
    def _url(cls, value: Optional[str]) -> Optional[str]:
        return check_url(value) if value is not None else value

    @validator("sources", each_item=True)
    def _source_url(cls, value: str) -> str:
        return check_url(value)

    @validator("email")
    def _email(cls, value: Optional[str]) -> Optional[str]:
        return check_email(value) if value is not None else value

    @validator("languages", each_item=True)
    def _iso_language(cls, value: str) -> str:
        if value not in ISO_639_1:
            raise ValueError(f'"{value}" is not an ISO 639-1 language code (e.g. sv, en, ar)')
        return value

    @validator("verified_on", pre=True)
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, datetime) or not isinstance(value, (date, str)):
            raise ValueError("must be a date like 2026-11-26")
        return value
