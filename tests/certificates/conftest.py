import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def separate_certificate_storage(settings, tmp_path):
    """Certificates in their own directory, as a deployment may keep them (another volume, a
    bucket: STORAGES["certificates"]); the default storage stays at MEDIA_ROOT."""
    location = tmp_path / "certificate-store"
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "certificates.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location
