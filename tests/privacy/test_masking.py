"""Masked identifiers on staff screens: enough to recognise, not enough to write to."""

import pytest

from privacy.masking import mask_email, mask_ip


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("somchai@dol.go.th", "so•••••@dol.go.th"),
        ("a@dol.go.th", "•@dol.go.th"),
        ("a.very.long.name@dol.go.th", "a.••••••@dol.go.th"),
        ("somchai", "so•••••"),
        ("", ""),
    ],
)
def test_an_address_keeps_its_first_letters_and_its_domain(typed, shown):
    assert mask_email(typed) == shown


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("203.0.113.57", "203.0.113.•"),
        ("2001:db8::1", "2001:0db8:0000:•"),
        ("not an address", "•"),
        (None, ""),
    ],
)
def test_an_ip_address_keeps_its_network_not_the_machine(address, shown):
    assert mask_ip(address) == shown
