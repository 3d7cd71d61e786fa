"""The wheel is the site: built, installed outside the checkout and run from there, as an operator
deploys it (README, "Production deployment").

Slow (a wheel build, a migrate of every app on a fresh PostgreSQL database, collectstatic), so it
runs with the services suite. The new environment takes its dependencies from the test's own
environment (a path file), so nothing is downloaded but the build backend, which pip caches.
"""

import os
import secrets
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a release is built from: the source, not the checkout's own environments and data.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "var", "media", "static_collected", "node_modules", "build", "dist",
    "*.egg-info", "__pycache__", "screenshots", "pythainlp-data", ".*_cache",
)  # fmt: skip
# The services suite's PostgreSQL server (its maintenance database: the suite's own may not exist).
SERVER_URL = os.environ.get("DATABASE_URL", "")
if not SERVER_URL.startswith("postgres"):
    SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SERVER_URL = SERVER_URL.rsplit("/", 1)[0] + "/postgres"
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if not BROKER_URL.startswith("redis"):
    BROKER_URL = "redis://127.0.0.1:6379/9"

# From the installed package: a page in Thai with its static files, a static file served by
# WhiteNoise from the collected files, and a certificate PDF with its artwork and fonts.
SITE_SCRIPT = """
import io, django
django.setup()
from django.test import Client
from pypdf import PdfReader
import lms
from certificates.demo import demo_content, demo_design
from certificates.issuing import render_design

print("PACKAGE", lms.__file__)
client = Client(HTTP_HOST="govlab.opdc.go.th", HTTP_X_FORWARDED_PROTO="https")
page = client.get("/th/accounts/login/")
print("PAGE", page.status_code, "เข้าสู่ระบบ" in page.text, "/static/css/site." in page.text)
css = client.get("/static/css/site.css")
print("STATIC", css.status_code)
pdf = render_design(demo_design(), demo_content())
reader = PdfReader(io.BytesIO(pdf))
print("PDF", len(reader.pages), "ศักดิ์สิทธิ์ ฟ้าใส" in reader.pages[0].extract_text())
"""


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def database():
    name = f"packaging_wheel_{secrets.token_hex(4)}"
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield SERVER_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.services
def test_the_installed_wheel_migrates_serves_pages_and_renders_certificates(tmp_path, database):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE, symlinks=True)
    dist = tmp_path / "dist"
    base_env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
         tmp_path, base_env)  # fmt: skip
    (wheel,) = dist.glob("govlab_lms-*.whl")

    # A new environment that sees this one's dependencies, but not its editable checkout
    # (a plain path line: the directory's own .pth files, the editable finder's, are not run).
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    target_site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
             tmp_path, base_env).strip()
    )  # fmt: skip
    (target_site / "test-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
          str(wheel)], tmp_path, base_env)  # fmt: skip

    work = tmp_path / "work"  # no manage.py, no checkout: the operator's directory
    work.mkdir()
    env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "govlab.opdc.go.th",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_HOST": "smtp.opdc.go.th",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LMS_VAR_DIR": str(tmp_path / "var"),
    }
    django_admin = [str(python), "-m", "django"]

    checked = _run([*django_admin, "check", "--deploy", "--fail-level", "WARNING"], work, env)
    assert "no issues (0 silenced)" in checked
    _run([*django_admin, "migrate", "--noinput", "-v0"], work, env)
    _run([*django_admin, "collectstatic", "--noinput", "-v0"], work, env)
    assert (tmp_path / "static" / "css" / "site.css").is_file()
    assert (tmp_path / "static" / "fonts" / "sarabun" / "Sarabun-Regular.ttf").is_file()
    # The reference data the migrations seeded, read from the installed package.
    provinces = _run([*django_admin, "shell", "-c",
                      "from cms.models import Province; print(Province.objects.count())"],
                     work, env)  # fmt: skip
    assert provinces.strip().splitlines()[-1] == "77"

    output = _run([str(python), "-c", SITE_SCRIPT], work, env)
    lines = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)
    assert lines["PACKAGE"].startswith(str(target_site)), lines["PACKAGE"]
    assert lines["PAGE"] == "200 True True"
    assert lines["STATIC"] == "200"
    assert lines["PDF"] == "1 True"


def test_production_outside_a_checkout_names_the_folders_it_needs(tmp_path):
    """Installed, the defaults would put uploads and static files inside site-packages."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "govlab.opdc.go.th",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/govlab",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_HOST": "smtp.opdc.go.th",
    }
    # The settings as installed: the project's packages copied where there is no manage.py.
    installed = tmp_path / "site-packages"
    for package in ("lms", "thai", "privacy", "outbox", "cms", "accounts", "courses",
                    "certificates", "tracker", "demo"):  # fmt: skip
        shutil.copytree(ROOT / package, installed / package, ignore=NOT_SOURCE)
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.MEDIA_ROOT"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "The environment variable MEDIA_ROOT is required but not set" in result.stderr
