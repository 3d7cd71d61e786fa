"""Whole numbers typed by people or put in addresses, read one way everywhere.

Thai readers may type Thai digits (๒๕๖๙ for 2569); those are accepted. Anything else that is not
plain digits is refused, including what ``str.isdigit()`` lets through but ``int()`` does not
(``"²"``) and numbers too large for the database (a page number of 20 digits).
"""

import re

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DIGITS = re.compile(r"[0-9]{1,18}")  # fits a 64-bit integer column


def read_int(value, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The whole number in `value` (ASCII or Thai digits, spaces around allowed), or None when
    it is missing, not a plain whole number, or outside [minimum, maximum]."""
    if value is None:
        return None
    text = str(value).strip().translate(THAI_DIGITS)
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number
