import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis (the state machines of tests/courses/test_enrolment_machine.py and
# tests/certificates/test_certificate_machine.py): the same examples on every run and machine,
# so CI is reproducible and a red build is red again locally; no example database on disk
# (nothing to share between xdist workers or worktrees); no deadline, since a step runs real
# queries and renders real PDFs. `pytest --hypothesis-profile=explore` searches afresh.
hypothesis_settings.register_profile(
    "govlab", deadline=None, database=None, derandomize=True, print_blob=True
)
hypothesis_settings.register_profile("explore", deadline=None, database=None, print_blob=True)
hypothesis_settings.load_profile("govlab")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test directory, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Thai), whatever an earlier test of the
    same worker left active: a request or a `translation.activate` in one test must not make
    the next one's command output or e-mail English (an order-dependent failure)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_content():
    """The demo content (demo/content/), parsed once per test run; the builders only read it."""
    from demo import loading

    return loading.read_content()
