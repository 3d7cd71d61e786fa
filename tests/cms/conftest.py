import pytest

from cms import demo


@pytest.fixture
def demo_site(db):
    """The cms part of `manage.py load_demo_data`: reference data, both home pages, the
    demo courses with modules and the case studies, in Thai and English, and the home pages'
    featured courses."""
    demo.load()
    demo.load_home_features()
