"""Backup and restore (docs/operations.md), then `manage.py verify_certificates` on the copy.

On SQLite the backup is the database file (SQLite's online backup API) and a tar of the media
directory; on PostgreSQL (services suite) it is `pg_dump -Fc` restored with `pg_restore` into
a new database. Either way the restored copy is checked by the command in a separate process,
as an operator would run it.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from certificates import issuing
from tests.certificates.factories import make_enrollment

ROOT = Path(__file__).resolve().parents[2]
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _issue_two():
    return [issuing.issue_certificate(make_enrollment()) for _ in range(2)]


def _backup_media(media_root: Path, archive: Path) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media_root, arcname="media")


def _restore_media(archive: Path, target: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "media"


def _verify(database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PUBLIC_BASE_URL": "http://localhost",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "verify_certificates"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db
def test_the_check_passes_when_every_pdf_matches_and_names_each_failure():
    good, missing = _issue_two()
    altered = issuing.issue_certificate(make_enrollment())
    call_command("verify_certificates")  # all fine: no error

    (Path(settings.MEDIA_ROOT) / missing.pdf.name).unlink()
    path = Path(settings.MEDIA_ROOT) / altered.pdf.name
    path.write_bytes(path.read_bytes() + b"%tampered")

    with pytest.raises(CommandError) as error:
        call_command("verify_certificates")
    message = str(error.value)
    assert "2 certificate check(s) failed" in message
    assert f"{missing.serial}: stored PDF" in message and "is missing" in message
    assert f"{altered.serial}: stored PDF" in message and "does not match" in message
    assert good.serial not in message


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the SQLite file backup; PostgreSQL has its own test below",
)
@transactional
def test_a_sqlite_backup_restores_and_every_certificate_still_verifies(tmp_path):
    certificates = _issue_two()
    backup_db, backup_media = tmp_path / "backup.sqlite3", tmp_path / "media.tar.gz"
    # Backup: SQLite's online backup (safe while the site runs, WAL included) and the media.
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with sqlite3.connect(backup_db) as target:
        source.backup(target)
    source.close()
    _backup_media(Path(settings.MEDIA_ROOT), backup_media)

    # Restore into a fresh place and check it, as after losing the server.
    restored_db = tmp_path / "restored" / "govlab.sqlite3"
    restored_db.parent.mkdir()
    restored_db.write_bytes(backup_db.read_bytes())
    restored_media = _restore_media(backup_media, tmp_path / "restored")

    result = _verify(f"sqlite:///{restored_db}", restored_media)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 2 certificates, 0 failures" in result.stdout

    # A restore that lost a file is caught, naming the certificate.
    (restored_media / certificates[0].pdf.name).unlink()
    result = _verify(f"sqlite:///{restored_db}", restored_media)
    assert result.returncode != 0
    assert certificates[0].serial in result.stderr
    assert certificates[1].serial not in result.stderr
    assert (
        hashlib.sha256((restored_media / certificates[1].pdf.name).read_bytes()).hexdigest()
        == certificates[1].sha256
    )


@pytest.mark.services
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (make test-services)",
)
@transactional
def test_a_pg_dump_restores_into_a_new_database_and_every_certificate_still_verifies(tmp_path):
    certificates = _issue_two()
    db = connection.settings_dict
    base = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    dump, backup_media = tmp_path / "govlab.dump", tmp_path / "media.tar.gz"
    subprocess.run(["pg_dump", *base, "-Fc", "-f", str(dump), db["NAME"]], env=env, check=True)
    _backup_media(Path(settings.MEDIA_ROOT), backup_media)
    restored = f"restore_check_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", *base, restored], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", *base, "--no-owner", "-d", restored, str(dump)], env=env, check=True
        )
        restored_media = _restore_media(backup_media, tmp_path / "restored")
        url = (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{restored}"
        )

        result = _verify(url, restored_media)

        assert result.returncode == 0, result.stdout + result.stderr
        assert "checked 2 certificates, 0 failures" in result.stdout
        (restored_media / certificates[0].pdf.name).unlink()
        result = _verify(url, restored_media)
        assert result.returncode != 0
        assert certificates[0].serial in result.stderr
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", restored], env=env, check=False)
