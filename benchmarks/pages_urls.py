"""The site's addresses and one more, for benchmarks/pages.py: `/bench/bare/`, a view that
answers two bytes through the whole middleware stack, the ceiling a stored page approaches."""

from django.http import HttpResponse
from django.urls import path

from lms.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
