from django.urls import path

from agencies import nomination_views, views

app_name = "agencies"
urlpatterns = [
    path("", views.staff, name="staff"),
    path("people/<int:pk>/", views.person, name="person"),
    path("nominate/", nomination_views.nominate, name="nominate"),
    path("nominations/", nomination_views.agency_nominations, name="nominations"),
    path(
        "nominations/<uuid:code>/withdraw/", nomination_views.withdraw, name="withdraw_nomination"
    ),
]
