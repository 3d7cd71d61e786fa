"""Run the test provider: ``python -m tests.oidc_provider.serve PORT CLIENT_ID CLIENT_SECRET
REDIRECT_URI POST_LOGOUT_URI``, with OIDC_TEST_* set (settings.py). Migrates its database, makes
the client and one user per persona, then serves until killed."""

import os
import sys

import django


def main() -> None:
    port, client_id, client_secret, redirect_uri, post_logout_uri = sys.argv[1:6]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    from tests.oidc_provider.validator import personas

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="Gov Lab LMS under test",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=post_logout_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for username, persona in personas().items():
        User.objects.create_user(username=username, password=persona["password"])
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main()
