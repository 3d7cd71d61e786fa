from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("cohorts/<str:code>/enrol/", views.enrol, name="enrol"),
    path("cohorts/<str:code>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
        views.decide,
        name="decide",
    ),
    path("modules/<uuid:key>/complete/", views.complete_module, name="complete_module"),
    path("me/calendar.ics", views.my_calendar, name="my_calendar"),
    path("me/calendar/reset/", views.reset_calendar_feed, name="reset_calendar_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
