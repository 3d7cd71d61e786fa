from django.urls import path

from courses import checkin_views, views

app_name = "courses"

urlpatterns = [
    path("cohorts/<str:code>/enrol/", views.enrol, name="enrol"),
    path("cohorts/<str:code>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
        views.decide,
        name="decide",
    ),
    # The QR scan at an address with a language (/th/checkin/..., /en/checkin/...): answered in
    # that language, through the log-in too, whatever the account's (checkin_urls.py has the
    # address without one, answered in the reader's language).
    path("checkin/<str:token>/", checkin_views.scan, name="checkin_scan"),
    # The code-entry page, linked from My learning: in the language of the page it came from.
    path("checkin/", checkin_views.typed, name="checkin_typed"),
    path("modules/<uuid:key>/complete/", views.complete_module, name="complete_module"),
    path("me/calendar.ics", views.my_calendar, name="my_calendar"),
    path("me/calendar/reset/", views.reset_calendar_feed, name="reset_calendar_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
