from django.urls import path

from certificates import views

app_name = "certificates"

# Mounted at /verify/ without a language prefix: these addresses are printed as QR codes.
urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:serial>.json", views.verify_json, name="verify_json"),
    path("<str:serial>/", views.verify, name="verify"),
    path("<str:serial>/check/", views.check_file, name="check_file"),
    path("<str:serial>/file/", views.download, name="download"),
]
