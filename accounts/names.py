"""Normalising what people type or import: e-mail addresses and Thai names.

Spreadsheets from agencies carry invisible characters (zero-width spaces from Thai word
processors), decomposed vowels and full-width look-alikes; normalising at the boundary keeps
one person from becoming two accounts.
"""

import unicodedata

# Zero-width and formatting characters that Thai editors insert between words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalise_name(value: str) -> str:
    if not value:
        return ""
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    return " ".join(value.split())


def normalise_email(value: str) -> str:
    """Lower-case, trimmed, NFKC-folded (full-width ＠ and letters become ASCII)."""
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    return "".join(value.split()).lower()
