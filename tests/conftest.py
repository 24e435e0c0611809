import pytest
from django.test import Client

from tests.factories import UserFactory, editor


@pytest.fixture
def editor_user(db):
    return editor()


@pytest.fixture
def editor_client(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def plain_staff_client(db):
    """Staff, so the admin lets them in, but in no group: no permission to record changes."""
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages are keyed by row ids, which repeat after each test's rollback, and a
    Redis cache outlives the run: every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
