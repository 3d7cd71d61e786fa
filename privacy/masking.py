"""How staff screens show an identifier they need to recognise but not to read (PDPA: the
outbox and lock-out screens of the admin). Enough is left to tell two people apart, or to
match what a person says on the phone; not enough to write to them."""

import ipaddress

_HIDDEN = "•"


def _mask_text(text: str, keep: int = 2) -> str:
    if len(text) <= keep:
        return _HIDDEN * len(text) or _HIDDEN
    return text[:keep] + _HIDDEN * min(len(text) - keep, 6)


def mask_email(address: str) -> str:
    """``somchai@dol.go.th`` reads ``so•••••@dol.go.th``: the agency stays visible. A name
    that is not an address (a username typed at the log-in) keeps its first two letters."""
    address = (address or "").strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at:
        return _mask_text(address)
    return f"{_mask_text(local)}@{domain}"


def mask_ip(address: str | None) -> str:
    """``203.0.113.57`` reads ``203.0.113.•`` (the network, not the machine); an IPv6 address
    keeps its first three groups."""
    if not address:
        return ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return _HIDDEN
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:3] + [_HIDDEN])
    return ":".join(ip.exploded.split(":")[:3] + [_HIDDEN])
