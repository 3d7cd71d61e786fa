"""The outbox in the Wagtail admin, for OPDC staff and superusers: messages by state (waiting,
stuck, failed, sent), who each is for (the account's name, or the address masked) and its
subject, never its body (PDPA), and a retry of one message or of a selection, each recorded in
Wagtail's audit log (``outbox.retry``).

The outbox sits below the apps that know the roles, so the screens ask the permission the OPDC
staff group holds (``outbox.change_outboxmessage``, migration 0003), as privacy's data-request
screens do: superusers hold every permission, trainers none of these.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from outbox import messages as outbox
from outbox.models import SEND_EMAIL_TASK, OutboxMessage
from privacy.masking import mask_email
from thai.numbers import read_int

OPERATE_PERMISSION = "outbox.change_outboxmessage"
PAGE_SIZE = 50
RETRY_ACTION = "outbox.retry"

STATES = {
    "unsent": gettext_lazy("Not sent yet"),
    "stuck": gettext_lazy("Stuck"),
    "failed": gettext_lazy("Failed"),
    "sent": gettext_lazy("Sent"),
    "all": gettext_lazy("All"),
}


def may_operate(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(OPERATE_PERMISSION)


def _get_messages_for_user(request, state: str):
    """Every message, for those who may operate the outbox; 403 for anyone else."""
    if not may_operate(request.user):
        raise PermissionDenied
    rows = OutboxMessage.objects.all()
    if state == "unsent":
        return rows.unfinished()
    if state == "stuck":
        return rows.stuck(timezone.now())
    if state == "failed":
        return rows.failed()
    if state == "sent":
        return rows.filter(delivered_at__isnull=False)
    return rows


def _state(value: str) -> str:
    return value if value in STATES else "unsent"


class FilterForm(forms.Form):
    task = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", _("All kinds"))] + [(t, _kind(t)) for t in tasks]


def _kind(task: str) -> str:
    if task == SEND_EMAIL_TASK:
        return _("E-mail")
    return task


def recipient_shown(message: OutboxMessage) -> str:
    """The account's name as staff know it, or the address masked; a task that is not an
    e-mail has no recipient."""
    if message.recipient_user is not None:
        return message.recipient_user.display_name
    return mask_email(message.recipient) or "–"


def _state_of(message: OutboxMessage, now) -> str:
    if message.delivered_at is not None:
        return str(STATES["sent"])
    if message.published_at is not None and not message.kwargs.get("outbox_id"):
        return str(STATES["sent"])  # handed to Celery: an untracked task is done then
    if message.last_error or message.redeliveries >= settings.OUTBOX_MAX_REDELIVERIES:
        return str(STATES["failed"])
    if message.created_at < now - settings.OUTBOX_REDELIVER_AFTER:
        return str(STATES["stuck"])
    return str(STATES["unsent"])


def index(request):
    state = _state(request.GET.get("state", ""))
    rows = _get_messages_for_user(request, state)
    tasks = sorted(set(OutboxMessage.objects.values_list("task", flat=True)))
    form = FilterForm(request.GET or None, tasks=tasks)
    if form.is_valid() and form.cleaned_data["task"]:
        rows = rows.filter(task=form.cleaned_data["task"])
    rows = rows.select_related("recipient_user").order_by("-created_at", "-pk")
    number = read_int(request.GET.get("p"), minimum=1, maximum=10**6) or 1
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    now = timezone.now()
    for message in page:
        message.shown_recipient = recipient_shown(message)
        message.shown_state = _state_of(message, now)
        message.kind = _kind(message.task)
        message.can_retry = message.shown_state != str(STATES["sent"])
    counts = {
        "unsent": OutboxMessage.objects.unfinished().count(),
        "stuck": OutboxMessage.objects.stuck(now).count(),
        "failed": OutboxMessage.objects.failed().count(),
    }
    return TemplateResponse(
        request,
        "outbox/admin/index.html",
        {
            "page_title": _("Outbox"),
            "page": page,
            "state": state,
            "states": [(key, label, counts.get(key)) for key, label in STATES.items()],
            "form": form,
            "task": form.cleaned_data.get("task", "") if form.is_valid() else "",
            "stuck_after_minutes": int(settings.OUTBOX_REDELIVER_AFTER.total_seconds() // 60),
        },
    )


@require_POST
def retry(request):
    """Retry one message (its row's button, ``one``) or the boxes ticked (``message``): each is
    published again and the retry recorded in the audit log; a sent one is left alone."""
    _get_messages_for_user(request, "all")
    chosen = [request.POST["one"]] if "one" in request.POST else request.POST.getlist("message")
    ids = [read_int(value, minimum=1, maximum=2**62) for value in chosen]
    ids = sorted({pk for pk in ids if pk})
    back = request.POST.get("next", "")
    back = back if back.startswith(reverse("outbox_admin")) else reverse("outbox_admin")
    if not ids:
        messages.error(request, _("Nothing changed: choose at least one message to retry."))
        return redirect(back)
    # Published at once (not after a commit): the relay would otherwise wait for it.
    taken = outbox.retry(ids)
    for message in OutboxMessage.objects.filter(pk__in=taken):
        log(message, RETRY_ACTION, user=request.user, data={"task": message.task})
    if taken:
        messages.success(
            request,
            ngettext(
                "%(count)d message queued to be sent again.",
                "%(count)d messages queued to be sent again.",
                len(taken),
            )
            % {"count": len(taken)},
        )
    left = len(ids) - len(taken)
    if left:
        messages.warning(
            request,
            ngettext(
                "%(count)d message was already sent, or no longer exists: left alone.",
                "%(count)d messages were already sent, or no longer exist: left alone.",
                left,
            )
            % {"count": left},
        )
    return redirect(back)
