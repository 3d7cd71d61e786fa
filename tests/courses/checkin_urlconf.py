"""The project's URLs plus the check-in routes, until lms/urls.py includes them."""

from django.urls import include, path

from lms.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("checkin/", include("courses.checkin_urls")), *project_urlpatterns]
