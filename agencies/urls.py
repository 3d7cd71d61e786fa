from django.urls import path, re_path

from agencies import approval_views, nomination_views, report_views, views

app_name = "agencies"
urlpatterns = [
    path("", views.staff, name="staff"),
    path("people/<int:pk>/", views.person, name="person"),
    path("seats/", report_views.coordinator_report, name="seat_report"),
    path("seats/export/", report_views.coordinator_report_export, name="seat_report_export"),
    path("nominate/", nomination_views.nominate, name="nominate"),
    re_path(
        r"^nominate/template\.(?P<file_format>csv|xlsx)$",
        nomination_views.list_template,
        name="nomination_template",
    ),
    path("requests/", approval_views.requests_to_approve, name="requests"),
    path(
        "requests/<int:pk>/approve/",
        approval_views.decide,
        {"decision": "approve"},
        name="approve_request",
    ),
    path(
        "requests/<int:pk>/decline/",
        approval_views.decide,
        {"decision": "decline"},
        name="decline_request",
    ),
    path("nominations/", nomination_views.agency_nominations, name="nominations"),
    path(
        "nominations/<uuid:code>/withdraw/", nomination_views.withdraw, name="withdraw_nomination"
    ),
]
