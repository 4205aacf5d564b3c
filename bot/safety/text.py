"""Text folding shared by the rule-based checks: people type without å/ä/ö and with typos."""

import re
import unicodedata

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "’": "'", "`": "'"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, NFC, Swedish letters folded to ASCII, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return _SPACES.sub(" ", text).strip()
