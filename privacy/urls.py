"""A learner's own data, mounted by lms/urls.py under /<language>/me/ (no namespace: the
names my_data, my_data_json and request_erasure are used as they were)."""

from django.urls import path

from privacy import views

urlpatterns = [
    path("data/", views.my_data, name="my_data"),
    path("data.json", views.my_data_json, name="my_data_json"),
    path("data/erase/", views.request_erasure, name="request_erasure"),
]
