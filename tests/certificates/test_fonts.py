"""The Sarabun files certificates print with are ours, as they were vendored: a font file that
changed would change every certificate rendered again (a lost file regenerated must match the
SHA-256 kept at issue time), so a change must be deliberate and show in review."""

import hashlib
from pathlib import Path

from django.contrib.staticfiles import finders

from certificates.rendering import _FONT_FILES, FONT_DIR


def _checksums():
    lines = (FONT_DIR / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_vendored_file_matches_its_checksum():
    checksums = _checksums()

    assert set(checksums) == {path.name for path in FONT_DIR.iterdir()} - {"SHA256SUMS"}
    for name, digest in checksums.items():
        assert hashlib.sha256((FONT_DIR / name).read_bytes()).hexdigest() == digest, name


def test_every_face_the_certificates_use_is_vendored_with_its_licence():
    checksums = _checksums()

    assert set(_FONT_FILES.values()) <= set(checksums)
    licence = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "The Sarabun Project Authors" in licence


def test_the_site_serves_the_same_files_the_certificates_print_with():
    for name in ("Sarabun-Regular.ttf", "Sarabun-SemiBold.ttf", "Sarabun-Bold.ttf"):
        served = finders.find(f"fonts/sarabun/{name}")
        assert served, name
        assert Path(served).resolve() == (FONT_DIR / name).resolve()
