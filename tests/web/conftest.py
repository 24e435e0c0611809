import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Public pages are cached under a version made of row ids; ids come round again after
    each test's rollback, so a page cached by one test could be served to the next."""
    cache.clear()
    yield
    cache.clear()
