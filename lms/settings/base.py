"""Settings shared by every environment. Each external value comes from lms.env helpers."""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from lms import sentry
from lms.env import env_bool, env_int, env_list, env_str

# The project package: its static files and message catalogues travel with it, so an
# installed wheel finds them as a checkout does.
LMS_DIR = Path(__file__).resolve().parent.parent
# The folder that holds the apps: the checkout, or site-packages when installed from the wheel.
# Its var/, media/ and static_collected/ are defaults for a checkout only; an installed site sets
# LMS_VAR_DIR, MEDIA_ROOT and STATIC_ROOT (lms/settings/production.py requires them there).
BASE_DIR = LMS_DIR.parent
VAR_DIR = Path(env_str("LMS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = ""  # each environment module sets it
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Our apps, lowest layer first: thai <- privacy <- outbox <- monitoring <- cms <- accounts <- courses <-
    # certificates <- agencies <- tracker; lms and demo (load_demo_data) on top.
    "thai",
    "privacy",
    "outbox",
    "monitoring",
    "cms",
    "accounts",
    "courses",
    "certificates",
    "agencies",
    "tracker",
    "lms",
    "demo",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.GovLabUsersAppConfig",  # wagtail.users with our profile fields
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    # Log-in lock-out after repeated failures (Wagtail admin and our own log-in alike).
    "axes",
    # Two-factor authentication for Trainers and OPDC staff in the Wagtail admin.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Outermost: a HEAD answer's headers as for GET, without the body (lms/head.py).
    "lms.head.HeadWithoutBodyMiddleware",
    # Then: every log line of the request, and the tasks it queues, carry its id.
    "lms.request_id.RequestIdMiddleware",
    # Counts and times every request when METRICS_ENABLED (lms/metrics.py); nothing otherwise.
    "lms.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Django's own CSP middleware, with a stricter/looser split for the Wagtail admin.
    "lms.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A lost database connection answers 503 "try again", not the generic 500 page.
    "lms.database_outage.DatabaseUnavailableMiddleware",
    # Whole public pages for visitors without a session, from the cache (cms/page_cache.py):
    # before the site lookup and the session, so a stored page costs no query.
    "cms.page_cache.FullPageCacheMiddleware",
    # Wagtail's site lookup, cached until a site or the page tree changes.
    "cms.middleware.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.locale.LocaleMiddleware",  # Django's, without redirecting unprefixed 404s
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A NUL in the address, query or form answers 400 (after CSRF, which parses the form).
    "lms.input_guard.RefuseNulMiddleware",
    "lms.input_guard.NextIsAPathMiddleware",
    "lms.input_guard.ChosenIdMiddleware",
    "lms.input_guard.AdminQueryIdMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The check-in pages (no language prefix) in the language chosen, else the account's.
    "lms.locale.ReaderLanguageMiddleware",
    # django-otp's, also counting a second factor the identity provider asserted.
    "accounts.two_factor.OTPMiddleware",
    "accounts.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a flagged failed log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # {{ csp_nonce }} for the few inline scripts/styles we allow.
                "django.template.context_processors.csp",
            ],
            "builtins": ["thai.templatetags.thai_dates"],
        },
    },
]

# DATABASE_URL is honoured by every settings module; the default is SQLite under var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'govlab.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes; IMMEDIATE makes
    # write transactions take the lock up front instead of failing with "database is locked"
    # half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's PostgreSQL search index uses SearchVectorField and GIN indexes.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The lock-out check runs first, as django-axes requires, then the real authentication.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "my_learning"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("th", "ไทย"), ("en", "English")]
# lms/locale/: our own strings (makemessages). lms/locale-admin/: Thai for the Wagtail admin screens
# trainers use most, where Wagtail's own Thai catalogue has gaps (kept apart so makemessages
# does not drop them).
LOCALE_PATHS = [LMS_DIR / "locale", LMS_DIR / "locale-admin"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
# lms/static/ is found as every app's static/ is (lms is an installed app). Sarabun, the Thai
# typeface, is served from the copy the certificates print with (certificates/fonts/, with its
# licence): a path, not an import, so the settings load before any app.
STATICFILES_DIRS = [("fonts/sarabun", str(BASE_DIR / "certificates" / "fonts"))]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Upload limits. Request bodies other than files (forms, JSON): 5 MB is far above any form we
# have; the Wagtail page editor with a long StreamField is the largest, well under 1 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The attendance/enrolment spreadsheet imports post at most a few hundred rows of fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# One request may carry at most this many files (Wagtail's multiple image upload sends one
# file per request).
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Files above this size are streamed to a temporary file instead of being held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# Participant import (courses/importing.py), checked before a file is parsed. An XLSX file is a
# zip archive: a 1 MB upload may declare 1 GB of XML, so each part's declared size, their total,
# the compression ratio of the parts over 1 MB and the number of parts are bounded, reading only
# the archive's directory. A legitimate list is far inside: 50,000 rows saved by openpyxl are
# 31 MB of XML in 9 parts, compressed 16 times (docs/performance.md, "Import limits").
PARTICIPANT_IMPORT_MAX_ROWS = 50_000
PARTICIPANT_IMPORT_XLSX_MAX_BYTES = 100 * 1024 * 1024
PARTICIPANT_IMPORT_XLSX_MAX_PART_BYTES = 64 * 1024 * 1024
PARTICIPANT_IMPORT_XLSX_MAX_RATIO = 200
PARTICIPANT_IMPORT_XLSX_MAX_PARTS = 500

# Django 6.1's MAILERS (EMAIL_BACKEND is deprecated). Dev: e-mails print on the console.
MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", "lms.mail.ReadableConsoleBackend")}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Gov Lab <govlab@opdc.go.th>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The Date header in Bangkok time (+0700, TIME_ZONE), as Thai readers read the time it was sent.
EMAIL_USE_LOCALTIME = True
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "govlab",
    }
}
# Whole public pages for anonymous visitors (cms/page_cache.py): kept this long unless something
# is published first (0: off); pages showing seats left or people trained at most the second.
FULL_PAGE_CACHE_SECONDS = env_int("FULL_PAGE_CACHE_SECONDS", 600)
FULL_PAGE_CACHE_LIVE_SECONDS = env_int("FULL_PAGE_CACHE_LIVE_SECONDS", 15)

# Wagtail
WAGTAIL_SITE_NAME = "Gov Lab LMS"
# Admin avatars: no request to gravatar.com carrying a hash of each editor's e-mail address
# (personal data leaving the country under the PDPA, and a third party in every admin page).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Everyone works in Thai time: the account page offers Bangkok, not 400 zones in English.
WAGTAIL_USER_TIME_ZONES = ["Asia/Bangkok"]
# Wagtail's own /admin/password_reset/ has no rate limit: off; its log-in page links to ours.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Wagtail's log-in form with a translated label on its password field (accounts/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
# The database backend, with Thai words found inside longer Thai text (cms/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
# No html, htm, svg, xml or js: a document that a browser would run is never accepted.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents always go through Wagtail's serve view (never a redirect to the storage URL), which
# adds "Content-Security-Policy: default-src 'none'" and nosniff. Only PDF opens in the browser;
# every other type is sent as an attachment.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000  # a decompression bomb is refused, not decoded
# No SVG: an SVG is a document that can carry script, served from our own origin.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Every image upload form decodes the image, so a damaged file is a form error, not a 500.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.ImageForm"
# Wagtail's own background work (reference index, search index) runs in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Celery: at-least-once delivery, so every task must be idempotent.
CELERY_BROKER_URL = env_str(
    "CELERY_BROKER_URL", f"sqlalchemy+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when the broker is down: give up publishing quickly.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# Redis: a message a worker took and never acknowledged (the worker was killed) goes back to the
# queue after `visibility_timeout` seconds. It must exceed the longest task plus the longest
# retry countdown, or a healthy task is delivered twice: send_email's last retry waits up to
# 480 s, a chunk of 10 certificates takes ~9 s under load (docs/operations.md). Redis's default
# is an hour; a stalled batch or an unsent e-mail is caught sooner by beat's sweeps below, this
# is the backstop. (The embedded SQLAlchemy broker passes unknown options to create_engine.)
BROKER_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 900)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://", "sentinel://")):
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = BROKER_VISIBILITY_TIMEOUT
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Each worker writes its heartbeat this often, and beat's task is scheduled as often
# (monitoring/heartbeats.py). /healthz answers 503 when fewer than HEALTH_MIN_WORKERS workers
# wrote one within HEALTH_HEARTBEAT_MAX_AGE_SECONDS, when beat's is older than that, or when the
# oldest e-mail or job still waiting in the outbox was written over HEALTH_OUTBOX_MAX_AGE_MINUTES
# ago (a lost message is published again after OUTBOX_REDELIVER_AFTER_MINUTES, an e-mail's
# retries take about 15 minutes). HEALTH_MIN_WORKERS=0 leaves workers and beat out of the answer.
HEARTBEAT_INTERVAL_SECONDS = env_int("HEARTBEAT_INTERVAL_SECONDS", 30)
HEALTH_HEARTBEAT_MAX_AGE_SECONDS = env_int("HEALTH_HEARTBEAT_MAX_AGE_SECONDS", 120)
HEALTH_MIN_WORKERS = env_int("HEALTH_MIN_WORKERS", 1)
HEALTH_OUTBOX_MAX_AGE_MINUTES = env_int("HEALTH_OUTBOX_MAX_AGE_MINUTES", 30)
if HEARTBEAT_INTERVAL_SECONDS < 1:
    raise ImproperlyConfigured("HEARTBEAT_INTERVAL_SECONDS must be at least 1.")
CELERY_BEAT_SCHEDULE: dict = {
    # Jobs that select "due and not yet done" rows, so a missed run is caught up by the next.
    "relay-outbox": {"task": "outbox.tasks.relay_outbox", "schedule": 60.0},
    # Publishes again what was published but never done (the broker lost it: Redis restarted
    # empty), and re-queues certificate batches that stopped moving (their worker was killed).
    "redeliver-outbox": {"task": "outbox.tasks.redeliver_outbox", "schedule": 60.0},
    "resume-stalled-batches": {
        "task": "certificates.tasks.resume_stalled_batches",
        "schedule": 60.0,
    },
    # Wagtail's go-live and expiry dates: publishes and unpublishes what is past due.
    "publish-scheduled-pages": {"task": "cms.tasks.publish_scheduled_pages", "schedule": 60.0},
    "session-reminders": {"task": "courses.tasks.send_session_reminders", "schedule": 15 * 60.0},
    "warn-learners-at-risk": {"task": "courses.tasks.warn_learners_at_risk", "schedule": 3600.0},
    # Completes (and certifies) the learners of cohorts whose last session has ended.
    "complete-finished-cohorts": {
        "task": "courses.tasks.complete_finished_cohorts",
        "schedule": 15 * 60.0,
    },
    # Reserved seats past their release date go to the waitlist (courses/quotas.py).
    "release-seat-quotas": {"task": "courses.tasks.release_seat_quotas", "schedule": 3600.0},
    # Nominations not answered by their date become expired (agencies/nominations.py).
    "expire-nominations": {"task": "agencies.tasks.expire_nominations", "schedule": 3600.0},
    # Requests awaiting the agency's or a trainer's decision: remind before the deadline,
    # expire after it (agencies/approvals.py).
    "approval-deadlines": {"task": "agencies.tasks.approval_deadlines", "schedule": 3600.0},
    # Retention (outbox/retention.py, privacy/retention.py): each deletes what is past its
    # period, whenever it runs.
    "purge-outbox": {"task": "outbox.tasks.purge_outbox", "schedule": 3600.0},
    "clear-expired-sessions": {"task": "privacy.tasks.clear_expired_sessions", "schedule": 3600.0},
    "purge-login-records": {"task": "privacy.tasks.purge_login_records", "schedule": 3600.0},
    # Beat's heartbeat (monitoring/heartbeats.py): a worker runs it, so its row is fresh only
    # while beat, the broker and a worker all work. One left in a queue no worker reads is
    # dropped after one interval rather than piling up.
    "record-beat": {
        "task": "monitoring.tasks.record_beat",
        "schedule": float(HEARTBEAT_INTERVAL_SECONDS),
        "options": {"expires": HEARTBEAT_INTERVAL_SECONDS},
    },
}
# A tracked outbox row (an e-mail, a job that records when it is done) published this long ago
# and still not done is published again, at most OUTBOX_MAX_REDELIVERIES times: the broker lost
# it (outbox/messages.py::redeliver). Longer than a normal queue wait, so a busy queue is not
# filled with copies (each copy is harmless: the task does nothing for a row already done).
OUTBOX_REDELIVER_AFTER = datetime.timedelta(minutes=env_int("OUTBOX_REDELIVER_AFTER_MINUTES", 15))
OUTBOX_MAX_REDELIVERIES = env_int("OUTBOX_MAX_REDELIVERIES", 24)
# A certificate batch with no certificate issued or failed for this long, and not finished, is
# stalled: its missing items are queued again (certificates/issuing.py::resume_stalled_batches).
# Far longer than one chunk of BATCH_CHUNK_SIZE certificates (~9 s under load).
CERTIFICATE_BATCH_STALL_AFTER = datetime.timedelta(
    minutes=env_int("CERTIFICATE_BATCH_STALL_MINUTES", 5)
)
# Off: certificates are rendered with WeasyPrint's public API only, slower, even on the WeasyPrint
# release the renderer's fast path was tested with (certificates/weasyprint70.py); for an
# operator who suspects the fast path. Other releases always take the public API.
CERTIFICATE_FAST_PATH = env_bool("CERTIFICATE_FAST_PATH", True)
# How long records that only serve to run the service are kept (docs/security.md).
# Outbox rows hold e-mail addresses and bodies: sent ones go after 30 days, those that never
# went out after 90 (long enough to investigate an SMTP or broker outage).
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 30)
OUTBOX_FAILED_RETENTION_DAYS = env_int("OUTBOX_FAILED_RETENTION_DAYS", 90)
# django-axes log-in records (username, address, user agent).
LOGIN_RECORD_RETENTION_DAYS = env_int("LOGIN_RECORD_RETENTION_DAYS", 90)

# LOG_FORMAT=json: one JSON object a line for a log collector (python-json-logger), with the
# record's extra fields; plain (the default, readable in `make demo`) is one line of text. Both
# carry the request id (lms/request_id.py), "-" outside a request; in the worker too, where a
# task queued by a request logs under that request's id (lms/celery.py leaves this to Django).
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # Thai stays readable in the collector.
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Celery's task loggers (get_task_logger) do not propagate: give them the same handler.
        "celery.task": {"handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # One line per background index update drowns everything else out.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # One "BEGIN version ..." line on every start of every process.
        "axes": {"level": "WARNING"},
        # Roster views and exports (courses/admin_views.py): who, when, which cohort.
        "courses.audit": {"level": "INFO"},
    },
}

# The privacy notice version a learner accepts at sign-up (PDPA), and the lawful basis (PDPA
# section 19, consent: the sign-up form asks for it) recorded beside it.
PRIVACY_NOTICE_VERSION = "2026-11"
# Where the privacy notice (/th/privacy/) sends people who ask about their data (PDPA section
# 41: the data protection officer's contact is published).
DATA_PROTECTION_OFFICER_EMAIL = env_str("DATA_PROTECTION_OFFICER_EMAIL", "dpo@opdc.go.th")
SIGNUP_LAWFUL_BASIS = "consent"

# Content-Security-Policy (Django 6.1's middleware; lms/csp.py picks the policy by path).
# The public site: scripts and styles only from our origin or carrying this response's nonce.
_CSP_STRICT = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The hash is templates/500.html's one inline <style>: the error page renders without a
    # request context (no nonce) and must not depend on static files being served.
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-wx2xCiQbJufWazpNyJ3QpoZDak89LW4C7ZkOHz/Ouz0='"],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Course pages embed YouTube and Vimeo videos (cms.blocks EmbedBlock).
    "frame-src": [
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CSP = _CSP_STRICT
SECURE_CSP_REPORT_ONLY: dict = {}
# The Wagtail admin ships inline <script> blocks (date pickers, inline panels) that carry no
# nonce, so there the strict policy is report-only and the enforced one leaves scripts alone
# but still stops framing by other sites, plugins, <base> hijacking and off-site form posts.
# Its previews are framed by the admin itself, hence frame-ancestors 'self'.
CSP_ADMIN = {
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
CSP_ADMIN_REPORT_ONLY = {
    **_CSP_STRICT,
    # The preview panel and the block previews are iframes of the admin's own pages.
    "frame-src": [CSP.SELF, *_CSP_STRICT["frame-src"]],
    "frame-ancestors": [CSP.SELF],
    "report-uri": "/csp-report/",
}

# django-axes: 5 failed log-ins for one username from one address locks that pair out for
# 15 minutes. Locking by username alone would let anyone lock a colleague out; by address
# alone, a whole ministry behind one NAT. Spraying many usernames from one address is stopped
# by the per-address rate limit below instead.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind the reverse proxy: how many proxies add themselves to X-Forwarded-For (0 = none).
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_int("PROXY_COUNT", 0) else ["REMOTE_ADDR"]
)

# django-ratelimit rates (key: which counter; "N/m" per minute, "N/h" per hour).
RATELIMITS = {
    "login_ip": "30/m",
    "login_username": "10/m",
    "password_reset_ip": "10/h",
    "password_reset_email": "3/h",
    "two_factor_user": "10/m",
    "csp_report_ip": "60/m",
    # Returns from an identity provider (single sign-on), per address.
    "sso_ip": "30/m",
}
# The address django-ratelimit counts by; behind a proxy, the header the proxy sets (the
# environment variable keeps django-ratelimit's name); without it, the connection's address
# (lms/client_ip.py).
CLIENT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
RATELIMIT_IP_META_KEY = "lms.client_ip.client_ip"

# Two-factor authentication: Trainers, OPDC staff and superusers must verify a TOTP code
# before any Wagtail admin page and before any other staff surface: the role checks of
# accounts/roles.py count a staff role only once verified (accounts/two_factor.py).
ADMIN_REQUIRE_TWO_FACTOR = True
# Personal API tokens stop working this many days after they are made (accounts/api_tokens.py).
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 90)
if API_TOKEN_MAX_AGE_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_MAX_AGE_DAYS must be at least 1.")
OTP_TOTP_ISSUER = "Gov Lab LMS"

# Single sign-on with OpenID Connect (accounts/single_sign_on.py; docs/operations.md): ThaID and
# agency identity providers, each named in OIDC_PROVIDERS and described by OIDC_<NAME>_*
# variables. None by default: the log-in page then shows no sign-in buttons.
OIDC_PROVIDERS = {}
for _name in env_list("OIDC_PROVIDERS", []):
    if not _name.isalnum() or not _name.islower():
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS: {_name!r} must be lower-case letters and digits (e.g. thaid)."
        )
    _prefix = f"OIDC_{_name.upper()}_"
    OIDC_PROVIDERS[_name] = {
        "discovery_url": env_str(_prefix + "DISCOVERY_URL"),
        "client_id": env_str(_prefix + "CLIENT_ID"),
        "client_secret": env_str(_prefix + "CLIENT_SECRET"),
        "label_th": env_str(_prefix + "LABEL_TH", _name),
        "label_en": env_str(_prefix + "LABEL_EN", _name),
        "scope": env_str(_prefix + "SCOPE", "openid profile email"),
        # The claim holding the 13-digit citizen ID (ThaID: pid); stored only as a keyed hash.
        "citizen_id_claim": env_str(_prefix + "CITIZEN_ID_CLAIM", ""),
        # acr values that count as a second factor, besides amr naming mfa, otp or hwk.
        "strong_acr": env_list(_prefix + "STRONG_ACR", []),
    }
# The HMAC key of citizen-ID hashes (accounts/single_sign_on.py). Changing it breaks every
# link made by citizen ID; production requires it when a provider gives one.
OIDC_CITIZEN_ID_HASH_KEY = env_str("OIDC_CITIZEN_ID_HASH_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# /metrics for Prometheus (lms/metrics.py): 404 unless METRICS_ENABLED, then only for a scraper
# that sends METRICS_TOKEN as a bearer token or comes from one of METRICS_ALLOWED_IPS (the
# address gunicorn sees). Enabled with neither, start-up stops: it would answer everyone 403.
METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])
if METRICS_ENABLED and not (METRICS_TOKEN.strip() or METRICS_ALLOWED_IPS):
    raise ImproperlyConfigured("METRICS_ENABLED needs METRICS_TOKEN or METRICS_ALLOWED_IPS.")

# Error reports to Sentry, web and worker alike, only when SENTRY_DSN is set (lms/sentry.py:
# no personal data in them); SENTRY_ENVIRONMENT, SENTRY_RELEASE, SENTRY_TRACES_SAMPLE_RATE.
SENTRY_ENABLED = sentry.init_from_environment()
