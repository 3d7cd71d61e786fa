"""The nominee's addresses, under /th/me/nominations/ ("My learning")."""

from django.urls import path

from agencies import nomination_views

app_name = "nominations"
urlpatterns = [
    path("<uuid:code>/", nomination_views.answer, name="answer"),
    path("<uuid:code>/accept/", nomination_views.accept, name="accept"),
    path("<uuid:code>/decline/", nomination_views.decline, name="decline"),
    path("invitation/<uuid:code>/", nomination_views.invitation, name="invitation"),
]
