from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.staff, name="staff"),
    path("people/<int:pk>/", views.person, name="person"),
]
