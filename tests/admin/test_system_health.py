from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from channels_app.services.health import WORKER_HEARTBEAT, record_heartbeat

pytestmark = pytest.mark.django_db
HEALTH = reverse("admin:channels_app_channel_system_health")
NOW = datetime(2025, 11, 2, 12, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_the_health_page_shows_the_heartbeat_age(editor_client):
    record_heartbeat(name=WORKER_HEARTBEAT, now=NOW - timedelta(seconds=42))
    page = editor_client.get(HEALTH).content.decode()
    assert "Celery worker heartbeat" in page
    assert "42 s ago" in page
    assert "health-ok" in page and "health-problem" not in page


@time_machine.travel(NOW, tick=False)
def test_an_old_heartbeat_is_a_problem(editor_client):
    record_heartbeat(name=WORKER_HEARTBEAT, now=NOW - timedelta(hours=1))
    page = editor_client.get(HEALTH).content.decode()
    assert "3600 s ago" in page
    assert "health-problem" in page and ">PROBLEM<" in page


def test_without_a_heartbeat_the_page_says_never(editor_client):
    page = editor_client.get(HEALTH).content.decode()
    assert "never" in page and "health-problem" in page


def test_the_admin_index_links_to_system_health(editor_client):
    assert HEALTH in editor_client.get(reverse("admin:index")).content.decode()


def test_the_health_page_needs_the_view_heartbeat_permission(plain_staff_client):
    assert plain_staff_client.get(HEALTH).status_code == 403
    assert HEALTH not in plain_staff_client.get(reverse("admin:index")).content.decode()
