"""Production: PostgreSQL, Redis, several Celery workers, gunicorn behind a proxy.

Nothing has a default that would be unsafe: a missing SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL or CELERY_BROKER_URL stops start-up with a message naming the variable.
"""

from pathlib import Path

from lms.env import env_bool, env_int, env_list, env_secret, env_str

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, OIDC_PROVIDERS

DEBUG = False
SECRET_KEY = env_secret("SECRET_KEY")
# Rotating SECRET_KEY: put the old key here for one session lifetime so sessions and
# password-reset links signed with it keep working (docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS]
)

env_secret("DATABASE_URL")  # required here; base.py already parsed it
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production needs PostgreSQL: set DATABASE_URL=postgres://...")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
CELERY_BROKER_URL = env_secret("CELERY_BROKER_URL")
# A provider that gives citizen IDs needs the key their hashes are made with, and secrets that
# are not empty.
for _name, _provider in OIDC_PROVIDERS.items():
    env_secret(f"OIDC_{_name.upper()}_CLIENT_SECRET")
    if _provider["citizen_id_claim"]:
        OIDC_CITIZEN_ID_HASH_KEY = env_secret("OIDC_CITIZEN_ID_HASH_KEY")

# Installed from the wheel, the code sits in site-packages: uploads, collected static files and
# beat's schedule must go elsewhere, so the three folders are required (a checkout keeps its
# var/, media/ and static_collected/ defaults from base.py).
if not (BASE_DIR / "manage.py").is_file():
    MEDIA_ROOT = Path(env_secret("MEDIA_ROOT"))
    STATIC_ROOT = Path(env_secret("STATIC_ROOT"))
    VAR_DIR = Path(env_secret("LMS_VAR_DIR"))
    CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A prefork child that has grown past this resident size (KiB) is replaced after its current
# task: a backstop. A worker's memory is flat across a certificate batch (certificates/memory.py; 168 ->
# 180 MB for 1,000 certificates, docs/performance.md), but a leak in a native library would not be.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 250_000)

CACHES = {
    "default": {
        "BACKEND": "lms.cache.ResilientRedisCache",  # a Redis outage is a cache miss, not a 500
        "LOCATION": env_str("CACHE_URL", CELERY_BROKER_URL),
    }
}

STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        },
    }
}

# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The proxy's and the orchestrator's health checks, and Prometheus, speak plain HTTP to gunicorn.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Two-factor authentication for the admin is not optional in production (no variable turns it
# off); see accounts/two_factor.py.
ADMIN_REQUIRE_TWO_FACTOR = True
# Staff sessions end after a working day; a learner simply logs in again.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
CSRF_COOKIE_SAMESITE = "Lax"

# While Redis is down rate limits are not counted rather than refusing every request
# (lms/cache.py); log-in lock-out still holds, django-axes keeps its counts in the database.
RATELIMIT_FAIL_OPEN = True
