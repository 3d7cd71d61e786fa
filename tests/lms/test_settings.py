"""Production settings are checked in a separate process, as an operator would start them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "govlab.opdc.go.th",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/govlab",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.opdc.go.th",
}


def manage(*args: str, **env_overrides: str | None) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(ROOT), **PRODUCTION_ENV}
    for name, value in env_overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", SECRET_KEY=None)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required but not set" in result.stderr


def test_production_refuses_sqlite():
    result = manage("check", DATABASE_URL="sqlite:///tmp/x.sqlite3")
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_a_malformed_number_names_the_variable():
    result = manage("check", EMAIL_PORT="twenty-five")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(secrets.token_urlsafe(60))
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=None,
        SECRET_KEY_FILE=str(secret_file),
    )
    assert result.returncode == 0, result.stderr


def test_production_redirects_plain_http_to_https_except_the_health_check():
    """The proxy's health check reaches gunicorn over plain HTTP; everything else goes to HTTPS."""
    script = (
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='govlab.opdc.go.th')\n"
        "print('STATUS', client.get('/th/').status_code, client.get('/healthz').status_code)\n"
    )
    result = manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("STATUS"))
    _, page, health = line.split()
    assert page == "301"
    assert health in {"200", "503"}  # answered, whatever the services' state


def _celery_option(expression: str, **env: str | None) -> str:
    code = f"import django; django.setup(); from lms.celery import app; print({expression})"
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_redis_returns_a_killed_workers_messages_after_fifteen_minutes_not_an_hour():
    options = "app.conf.broker_transport_options.get('visibility_timeout')"
    assert _celery_option(options) == "900"
    assert _celery_option(options, CELERY_VISIBILITY_TIMEOUT="1800") == "1800"
    # The embedded broker would hand the option to SQLAlchemy's create_engine, which refuses it.
    embedded = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "CELERY_BROKER_URL": "sqlalchemy+sqlite:////tmp/broker.sqlite3",
    }
    assert _celery_option(options, **embedded) == "None"


def test_the_sweeps_are_scheduled_every_minute():
    schedule = "sorted((e['task'], e['schedule']) for e in app.conf.beat_schedule.values())"
    entries = _celery_option(schedule)
    assert "('outbox.tasks.redeliver_outbox', 60.0)" in entries
    assert "('certificates.tasks.resume_stalled_batches', 60.0)" in entries
