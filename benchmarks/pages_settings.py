"""Settings for benchmarks/pages.py: production's behaviour (DEBUG off, persistent database
connections, cached templates) on the development stack (SQLite, local-memory cache), so the
figures compare with the bakerydemo measurement in issue #3."""

from lms.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405 - as lms/settings/production.py

# The same site, plus one bare view (benchmarks/pages_urls.py): what our middleware alone costs.
ROOT_URLCONF = "benchmarks.pages_urls"
