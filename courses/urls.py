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
]
