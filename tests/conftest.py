import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test directory, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
