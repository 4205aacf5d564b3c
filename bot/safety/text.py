"""Text folding shared by the rule-based checks: people type without diacritics and with typos."""

import re
import sys
import unicodedata

from bot.text import normalise

_SPACES = re.compile(r"\s+")
_PUNCTUATION = str.maketrans({"’": "'", "`": "'"})
# Arabic and Persian keyboards type the same letters differently; fold them to one form.
_ARABIC_NORMAL = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u06c0": "\u0647",  # ۀ -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # ی -> ي
        "\u06a9": "\u0643",  # ک -> ك
        "\u0640": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner: the Persian half-space
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")


def _plain_char(ch: str) -> str:
    """Drop Latin diacritics (å -> a, ą -> a, ł -> l); other scripts keep their letters (й, ї)."""
    if ch == "ł":
        return "l"
    if ord(ch) >= 0x250:
        return ch
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case; Latin diacritics dropped; Arabic-script letters normalised; spaces collapsed.

    Rule files (danger patterns, lexicons, language choices) are written in this form.
    """
    text = normalise(text).lower().translate(_PUNCTUATION)
    text = _ARABIC_MARKS.sub("", text.translate(_ARABIC_NORMAL))
    text = "".join(_plain_char(ch) for ch in text)
    return _SPACES.sub(" ", text).strip()


if __name__ == "__main__":  # python -m bot.safety.text "some phrase": shows what patterns see
    for arg in sys.argv[1:]:
        print(fold(arg))
