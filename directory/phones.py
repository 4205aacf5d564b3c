"""Swedish phone numbers: check them and turn them into tel: URIs."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import shortnumberinfo

REGION = "SE"
# phonenumbers digs digits out of any text ("call 112"); a directory number must be only a number.
_NUMBER_CHARS = re.compile(r"\+?[0-9][0-9 \-]*")


class PhoneNumberError(ValueError):
    """A number that does not parse as a Swedish phone number."""


@lru_cache(maxsize=4096)  # validation and loading ask for the same numbers
def tel_uri(number: str) -> str:
    """Return the tel: URI for a Swedish number, or raise PhoneNumberError.

    Full numbers become E.164 (tel:+4620505050). Short numbers (112, 114 14, 116 111, 1177,
    90101) only work when dialled inside Sweden, so they stay as dialled (tel:11414).
    phonenumbers' short-number metadata accepts every short number the directory uses, so no
    looser rule for short numbers is needed.
    """
    if not _NUMBER_CHARS.fullmatch(number.strip()):
        raise PhoneNumberError(
            f'"{number}" must contain only digits, spaces and hyphens (put words in the label)'
        )
    try:
        parsed = phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException as error:
        raise PhoneNumberError(f'"{number}" is not a phone number ({error._msg})') from None
    if phonenumbers.is_valid_number(parsed):
        if phonenumbers.region_code_for_number(parsed) != REGION:
            raise PhoneNumberError(f'"{number}" is not a Swedish number')
        return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if number.lstrip().startswith("+") or number.lstrip().startswith("00"):
        raise PhoneNumberError(f'"{number}" is not a valid Swedish number')
    if shortnumberinfo.is_valid_short_number_for_region(parsed, REGION):
        return f"tel:{parsed.national_number}"
    raise PhoneNumberError(
        f'"{number}" is not a valid Swedish number (check the area code and the number of digits)'
    )
