import pytest

from demo import loading


@pytest.fixture
def demo_site(db, demo_content):
    """The site part of `manage.py load_demo_data`: reference data, both home pages, the
    demo courses with modules, the case studies with their tracker records, in Thai and English."""
    loading.load(demo_content, parts=loading.SITE_PARTS)
