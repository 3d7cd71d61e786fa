"""Check-in addresses without a language prefix (short QR codes):
`path("checkin/", include("courses.checkin_urls"))` in lms/urls.py."""

from django.urls import path

from courses import checkin_views

app_name = "checkin"

urlpatterns = [
    path("", checkin_views.typed, name="typed"),
    path("sessions/<str:code>/screen/", checkin_views.trainer_screen, name="screen"),
    path("sessions/<str:code>/screen/state/", checkin_views.screen_state, name="screen_state"),
    path("<str:token>/", checkin_views.scan, name="scan"),
]
