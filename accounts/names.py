"""Normalising what people type or import: e-mail addresses and Thai names.

Spreadsheets from agencies carry invisible characters (zero-width spaces from Thai word
processors), decomposed vowels and full-width look-alikes; normalising at the boundary keeps
one person from becoming two accounts. The text rules themselves are :mod:`thai.text`'s.
"""

from thai.text import fold, normalise_text


def normalise_name(value: str) -> str:
    """A person's name as typed: NFC, no invisible characters, single spaces, trimmed."""
    return normalise_text(value)


def normalise_email(value: str) -> str:
    """Lower-case, trimmed, NFKC-folded (full-width ＠ and letters become ASCII)."""
    if not value:
        return ""
    return "".join(fold(value, "NFKC").split()).lower()
