import pytest

from thai.numbers import read_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2569", 2569),
        (" ๒๕๖๙ ", 2569),  # Thai digits, as a Thai person may type a fiscal year
        ("๑2", 12),
        ("²", None),  # isdigit() is true, int() fails
        ("٣", None),  # Arabic-Indic digits: not what anyone here types
        ("-3", None),
        ("1e3", None),
        ("99999999999999999999999", None),  # beyond a 64-bit column
        ("", None),
        (None, None),
    ],
)
def test_a_whole_number_is_read_from_ascii_or_thai_digits_only(value, expected):
    assert read_int(value) == expected


def test_numbers_outside_the_range_are_refused():
    assert read_int("2400", minimum=2501, maximum=2699) is None
    assert read_int("2569", minimum=2501, maximum=2699) == 2569
