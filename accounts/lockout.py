"""django-axes lock-outs: how it names the account a failed log-in was for, which pairs are
locked out now, and unlocking one.

People log in with a username or an e-mail address typed in any case; normalising here makes
"Somchai@DOL.go.th" and "somchai@dol.go.th" count as failures against the same account. The
count is kept whether or not such an account exists, so the lock-out reveals nothing.

Axes keys a lock-out on the name and the address together (``AXES_LOCKOUT_PARAMETERS``): after
``AXES_FAILURE_LIMIT`` failures that pair waits ``AXES_COOLOFF_TIME`` from the last failure.
"""

import dataclasses
import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from accounts.models import User
from accounts.names import normalise_email
from privacy.masking import mask_email, mask_ip

UNLOCK = "accounts.unlock"


def username_from_request(request, credentials) -> str:
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return normalise_email(str(username))[:150]


@dataclasses.dataclass
class LockOut:
    """One locked-out pair as staff see it: the account's name when the name typed is one,
    otherwise the name masked, and the address masked (PDPA)."""

    attempt: AccessAttempt
    account: User | None
    until: datetime.datetime

    @property
    def who(self) -> str:
        if self.account is not None:
            return self.account.display_name
        return mask_email(self.attempt.username or "")

    @property
    def address(self) -> str:
        return mask_ip(self.attempt.ip_address)


def _account_named(name: str, accounts: dict[str, User]) -> User | None:
    return accounts.get(normalise_email(name or ""))


def _accounts_for(names) -> dict[str, User]:
    names = {normalise_email(name) for name in names if name}
    if not names:
        return {}
    found = {}
    for user in User.objects.filter(Q(username__in=names) | Q(email__in=names)):
        found[normalise_email(user.username)] = user
        if user.email:
            found[normalise_email(user.email)] = user
    return found


def current_lockouts(now=None) -> list[LockOut]:
    """The pairs locked out at ``now``, the latest failure first."""
    now = now or timezone.now()
    attempts = list(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
        ).order_by("-attempt_time", "-pk")
    )
    accounts = _accounts_for(attempt.username for attempt in attempts)
    return [
        LockOut(
            attempt,
            _account_named(attempt.username, accounts),
            attempt.attempt_time + settings.AXES_COOLOFF_TIME,
        )
        for attempt in attempts
    ]


def find_lockout(attempt_id: int, now=None) -> LockOut | None:
    return next((lock for lock in current_lockouts(now) if lock.attempt.pk == attempt_id), None)


def unlock(lockout: LockOut, *, by) -> int:
    """Forget the failures of the pair (every browser it used), so the person can log in again
    at once; recorded in Wagtail's audit log on the account, or, for a name that is no account,
    on the attempt under the masked name. Returns the attempts removed."""
    attempt = lockout.attempt
    data = {"address": lockout.address, "failures": attempt.failures_since_start}
    with transaction.atomic():
        if lockout.account is not None:
            # The entry is the account's: its name is not copied into the entry's data.
            log(lockout.account, UNLOCK, user=by, data=data)
        else:
            log(attempt, UNLOCK, user=by, data={**data, "who": lockout.who}, title=lockout.who)
        return reset(ip=attempt.ip_address, username=attempt.username)
