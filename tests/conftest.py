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
