"""The one normalisation of a person's text, used by the channel, the danger check, the language
detector and (by a test that keeps the data in this form) the training data."""

import re
import unicodedata

# Removed: control characters but tab and newline; zero-width space, LRM/RLM and the byte order
# mark; direction overrides and isolates (they can reorder what a reader sees); lone surrogates
# (JSON can carry them, nothing can print them); Unicode non-characters. The Persian half-space
# (U+200C) and the emoji joiner (U+200D) are kept: they are part of how words are written.
_REMOVED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def normalise(text: str) -> str:
    """NFC, without the characters above, trimmed."""
    return unicodedata.normalize("NFC", _REMOVED.sub("", text)).strip()
