"""Normalising Thai (and any) text that people type, paste or import.

Spreadsheets from agencies and text pasted from Thai word processors carry invisible
characters (zero-width spaces that mark word breaks, soft hyphens, byte-order marks),
decomposed vowels and tone marks, and runs of white space. Normalised at the boundary, the
same words are stored, compared and searched as the same text.
"""

import unicodedata

# Zero-width and formatting characters that Thai editors insert between words: zero-width
# space, non-joiner and joiner, word joiner, byte-order mark (zero-width no-break space),
# soft hyphen.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS), None)


def strip_invisible(value: str) -> str:
    """`value` without the zero-width and formatting characters above."""
    return value.translate(_INVISIBLE)


def fold(value: str, form: str = "NFC") -> str:
    """Unicode-normalised (NFC by default; NFKC also folds full-width look-alikes to ASCII),
    then the invisible characters removed."""
    return strip_invisible(unicodedata.normalize(form, value))


def normalise_text(value: str) -> str:
    """One line of text as it should be stored: NFC, no invisible characters, white space
    runs (spaces, tabs, line breaks) folded to one space, trimmed. Empty for empty input."""
    if not value:
        return ""
    return " ".join(fold(value).split())
