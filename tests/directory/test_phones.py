"""Swedish numbers become tel: URIs; anything else is refused with a reason."""

import pytest

from directory.phones import PhoneNumberError, tel_uri


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("020-50 50 50", "tel:+4620505050"),
        ("0583-810 00", "tel:+4658381000"),
        ("010-489 10 30", "tel:+46104891030"),
        ("+46 20 50 50 50", "tel:+4620505050"),
        ("112", "tel:112"),
        ("114 14", "tel:11414"),
        ("116 111", "tel:116111"),
        ("116 006", "tel:116006"),
        ("1177", "tel:1177"),
        ("90101", "tel:90101"),
    ],
)
def test_valid_numbers(number, uri):
    assert tel_uri(number) == uri


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("020-12", "not a valid Swedish number"),
        ("12345", "not a valid Swedish number"),
        ("+47 22 00 00 00", "not a Swedish number"),
        ("call 112", "only digits"),
        ("", "only digits"),
    ],
)
def test_invalid_numbers(number, reason):
    with pytest.raises(PhoneNumberError, match=reason):
        tel_uri(number)
