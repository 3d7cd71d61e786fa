"""Certificate serial numbers: unguessable, easy to read aloud and type, self-checking.

A serial looks like ``GL-7Q2M-K9TB-4XWE-HR35``: the ``GL`` prefix, then 16 Crockford base32
characters in four groups. The first 15 carry 75 random bits from :mod:`secrets` (well above
the 64 bits needed so nobody can enumerate certificates on the public verification page); the
16th is a check character.

The check character is a Damm check over GF(32): each step is ``interim = a * (interim + digit)``
in the field of 32 elements, with ``a`` the field's generator. That operation is a quasigroup,
weakly totally anti-symmetric, with ``x * x == 0``, which is what guarantees that *every*
single-character substitution and *every* swap of two adjacent different characters (the two
typing errors people actually make), including a swap with the check character itself, changes
the result. The zero diagonal lets the final interim value serve as the check character.
Unlike Crockford's own mod-37 check symbol it needs no extra symbols (``*~$=U``) to type.
"""

import re
import secrets

# Crockford base32: digits and letters without I, L, O, U (easily confused or obscene).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "GL"
DATA_LENGTH = 15
GROUP_SIZE = 4

_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Crockford's decoding rules: readers and OCR confuse these with digits.
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")

# GF(2^5) with the primitive polynomial x^5 + x^2 + 1; multiplying by x is a shift and reduce.
_FIELD_POLYNOMIAL = 0b100101


def _times_generator(value: int) -> int:
    value <<= 1
    if value & 0b100000:
        value ^= _FIELD_POLYNOMIAL
    return value


def _damm_interim(symbols: str) -> int:
    interim = 0
    for symbol in symbols:
        # Addition in GF(32) is XOR.
        interim = _times_generator(interim ^ _VALUES[symbol])
    return interim


def check_character(data: str) -> str:
    """Return the check character that makes ``data + check`` reduce to zero."""
    # The diagonal is zero (a * (x + x) == 0), so the interim value itself closes the check.
    return ALPHABET[_damm_interim(data)]


def _format(symbols: str) -> str:
    groups = [symbols[i : i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE)]
    return "-".join([PREFIX, *groups])


def new_serial() -> str:
    """Return a fresh random serial such as ``GL-7Q2M-K9TB-4XWE-HR35``."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return _format(data + check_character(data))


def normalise_serial(text: str) -> str | None:
    """Return the canonical form of a serial a person typed, or None if it is not one.

    Accepts lower case, spaces or missing dashes, a missing ``GL`` prefix and the usual
    O/0 and I/L/1 confusions. Returns None when the shape is wrong or the check character
    does not match (a typo).
    """
    if not isinstance(text, str):
        return None
    compact = _SEPARATORS.sub("", text).upper()
    # The prefix is recognised by length, because "GL" could also be a typed "G1" at the start
    # of a serial whose prefix was left out.
    if len(compact) == len(PREFIX) + DATA_LENGTH + 1 and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != DATA_LENGTH + 1:
        return None
    compact = compact.translate(_CONFUSABLES)
    if any(symbol not in _VALUES for symbol in compact):
        return None
    if _damm_interim(compact) != 0:
        return None
    return _format(compact)


def is_valid_serial(text: str) -> bool:
    """Whether ``text`` is a well-formed serial with a correct check character."""
    return normalise_serial(text) is not None
