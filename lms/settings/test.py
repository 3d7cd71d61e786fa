"""Tests: fast and deterministic. DATABASE_URL and CELERY_BROKER_URL still apply, so the
same suite runs on SQLite (make test) and on PostgreSQL + Redis (make test-services)."""

from lms.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

SECRET_KEY = "test-only-key"  # noqa: S105
OIDC_CITIZEN_ID_HASH_KEY = env_str("OIDC_CITIZEN_ID_HASH_KEY", "test-only-citizen-id-key")  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    }
}
if env_str("EMAIL_FILE_PATH", ""):
    # The services suite reads what a separate worker process sent.
    MAILERS["default"]["OPTIONS"] = {"file_path": env_str("EMAIL_FILE_PATH")}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Several suites may share one PostgreSQL server; each can name its own test database.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_govlab")}
else:
    # A file, not Django's in-memory default: the concurrency tests open one connection per
    # thread and they must all see the same database (shared-cache memory DBs lock tables).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_govlab.sqlite3")}
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Other suites log Trainers and OPDC staff in with force_login and open the admin; the second
# factor is tested on its own (tests/accounts/test_two_factor.py turns this on, and
# tests/accounts/two_factor.py logs a person in with a verified device for the suites that
# want it). Production cannot turn it off (lms/settings/production.py).
ADMIN_REQUIRE_TWO_FACTOR = False
