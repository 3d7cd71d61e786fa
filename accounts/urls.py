from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import single_sign_on, two_factor, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("logout/", single_sign_on.logout_view, name="logout"),
    path("sso/<str:provider>/", single_sign_on.begin, name="sso_begin"),
    path("sso/signup/complete/", single_sign_on.signup, name="sso_signup"),
    path("profile/", views.profile, name="profile"),
    path("profile/api-tokens/", views.create_api_token, name="create_api_token"),
    path(
        "profile/api-tokens/<int:token_id>/revoke/",
        views.revoke_api_token,
        name="revoke_api_token",
    ),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
