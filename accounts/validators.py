"""What a name or a phone number typed into a profile may look like.

Certificates print the Thai and the English name exactly as typed, so a Latin name in the Thai
field (or Thai in the English one) would end up on a certificate. The participant import
(courses/importing.py) applies the same rules to each row of a file.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Thai consonants, vowels, tone and other marks (U+0E01–U+0E3A, U+0E40–U+0E4E), without the
# baht sign and Thai digits; then spaces, full stops and hyphens ("ม.ร.ว.", "ณ อยุธยา-ศรีสุข").
_THAI_NAME = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e .\-]+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_NAME_PUNCTUATION = frozenset(" .-'’")
PHONE_DIGITS = (9, 15)
_PHONE = re.compile(r"[0-9\u0e50-\u0e59 +\-]+")


def validate_thai_name(value: str) -> None:
    if value and not (_THAI_NAME.fullmatch(value) and _THAI_LETTER.search(value)):
        raise ValidationError(
            _(
                "Type this name in Thai script: Thai letters, spaces, “.” and “-” only. "
                "It is printed on your certificate as typed."
            ),
            code="not_thai_script",
        )


def _is_latin_letter(character: str) -> bool:
    if unicodedata.category(character) in ("Mn", "Mc"):  # an accent not yet composed
        return True
    return unicodedata.category(character).startswith("L") and unicodedata.name(
        character, ""
    ).startswith("LATIN ")


def validate_latin_name(value: str) -> None:
    characters = [c for c in value if c not in _NAME_PUNCTUATION]
    if value and not (characters and all(_is_latin_letter(c) for c in characters)):
        raise ValidationError(
            _(
                "Type this name in Latin letters (A–Z, accents allowed), spaces, “.”, “-” and "
                "“'” only. It is printed on your certificate as typed."
            ),
            code="not_latin_script",
        )


def validate_phone(value: str) -> None:
    digits = sum(c.isdigit() for c in value)
    low, high = PHONE_DIGITS
    if value and not (_PHONE.fullmatch(value) and low <= digits <= high):
        raise ValidationError(
            _(
                "Enter a phone number of %(low)d to %(high)d digits; only digits, spaces, "
                "“+” and “-” are allowed."
            ),
            code="not_a_phone",
            params={"low": low, "high": high},
        )
