"""Tests that start a real Celery worker process point it at the test database with this."""

from django.db import connection


def database_url_for_worker() -> str:
    """The test database as a DATABASE_URL, for a worker subprocess."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
