"""Views that draw on several apps: the learner's "My learning" page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_learning(request):
    # Each app contributes its section through its own inclusion tag in the template,
    # so this view stays independent of what courses and certificates keep.
    return render(request, "lms/my_learning.html", {})
