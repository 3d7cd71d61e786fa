"""Views that draw on several apps: the learner's "My learning" page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from accounts import roles


@login_required
def my_learning(request):
    # Each app contributes its section through its own inclusion tag in the template,
    # so this view stays independent of what courses and certificates keep. A coordinator
    # of an agency finds their agency's area from here.
    return render(
        request, "lms/my_learning.html", {"coordinates": roles.is_coordinator(request.user)}
    )


def favicon(request):
    """The site icon at the address browsers ask for, pointing at the static file (which
    carries its cache headers)."""
    return redirect(static("img/favicon.ico"))
