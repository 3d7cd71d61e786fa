"""Normalising Thai (and any) text that people type, paste or import.

Spreadsheets from agencies and text pasted from Thai word processors carry invisible
characters (zero-width spaces that mark word breaks, soft hyphens, byte-order marks),
decomposed vowels and tone marks, and runs of white space. Normalised at the boundary, the
same words are stored, compared and searched as the same text.
"""

import re
import unicodedata

from django.utils import translation

# Zero-width and formatting characters that Thai editors insert between words: zero-width
# space, non-joiner and joiner, word joiner, byte-order mark (zero-width no-break space),
# soft hyphen.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Bidirectional controls (embeddings, overrides, isolates, marks): no Thai or English text needs
# them, and a right-to-left override pasted into a name prints it reversed on a certificate.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# The other control characters (C0, DEL, C1) that are not white space: no typed text holds
# them, a spreadsheet converted from an old system sometimes does (NUL, ESC, BEL ...), and they
# print as nothing or as boxes. Tabs and line breaks are white space, which `normalise_text`
# folds to one space instead.
CONTROL_CHARACTERS = "".join(
    char for char in map(chr, [*range(0x20), *range(0x7F, 0xA0)]) if not char.isspace()
)
_INVISIBLE = dict.fromkeys(
    map(ord, INVISIBLE_CHARACTERS + BIDI_CONTROLS + CONTROL_CHARACTERS), None
)


def strip_invisible(value: str) -> str:
    """`value` without the zero-width, formatting, bidirectional and other control characters
    above."""
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


# Thai dictionary order: a word is filed under its first consonant, so a leading vowel
# (เ แ โ ใ ไ) sorts after the consonant it is written before, and tone marks count only
# when the letters are otherwise equal (กา, ก่า, ก้า). As pythainlp.util.collate does it.
_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
_TONE_MARKS = re.compile("[\u0e47-\u0e4c]")


def thai_sort_key(value: str) -> tuple[str, str]:
    """A key that sorts Thai text in dictionary order (เชียงใหม่ under ช, before ตาก): the
    letters with leading vowels moved after their consonant, then the tone marks."""
    value = fold(value or "")
    letters = _LEADING_VOWEL.sub(r"\2\1", _TONE_MARKS.sub("", value))
    return letters, "".join(_TONE_MARKS.findall(value))


def thai_sort_column(value: str) -> str:
    """The letters of `thai_sort_key` as a string any database orders the same way: each
    character as six hexadecimal digits, so a PostgreSQL locale collation (which would reorder
    Thai by its own rules) and SQLite's binary one agree. Tone marks are left to a second
    ordering column (the name itself)."""
    return "".join(f"{ord(char):06x}" for char in thai_sort_key(value)[0])


def in_reader_language(thai: str, english: str) -> str:
    """Of a record's Thai and English wording, the one for the language being served: the English
    on English pages and e-mails where there is one, the Thai everywhere else (Thai first)."""
    if english and (translation.get_language() or "th").startswith("en"):
        return english
    return thai
