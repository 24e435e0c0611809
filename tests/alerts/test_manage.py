"""The manage page, reached by a signed link: change scopes and mode by POST only."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from channels_app.alerts.services import tokens

from .conftest import MANAGE_LINK, link_in
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(cn_us):
    return SubscriberFactory(email="ana@example.org", scopes=["pair:CN-US", "kind:trade"])


@pytest.fixture
def manage_path(subscriber) -> str:
    return reverse("alerts:manage", args=[tokens.make(tokens.MANAGE, subscriber)])


def keys(subscriber) -> list[str]:
    return sorted(subscriber.scopes.values_list("key", flat=True))


def test_get_on_the_manage_page_shows_the_scopes_and_changes_nothing(
    client, manage_path, subscriber
):
    page = client.get(manage_path).content.decode()
    assert 'name="scope" value="pair:CN-US" checked' in page
    assert 'name="mode" value="immediate" checked' in page
    subscriber.refresh_from_db()
    assert keys(subscriber) == ["kind:trade", "pair:CN-US"] and subscriber.mode == "immediate"


def test_the_manage_page_changes_scopes_and_mode(client, manage_path, subscriber):
    response = client.post(
        manage_path, {"scope": ["pair:CN-US"], "add": "country:CN", "mode": "digest"}
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert keys(subscriber) == ["country:CN", "pair:CN-US"] and subscriber.mode == "digest"
    assert "Your alerts are saved" in client.get(response["Location"]).content.decode()


def test_removing_every_scope_is_refused_with_a_pointer_to_unsubscribe(
    client, manage_path, subscriber
):
    response = client.post(manage_path, {"mode": "immediate"})
    assert response.status_code == 400
    assert "or unsubscribe" in response.content.decode()
    assert keys(subscriber) == ["kind:trade", "pair:CN-US"]


def test_an_unknown_scope_or_mode_on_the_manage_page_is_an_error(client, manage_path, subscriber):
    response = client.post(
        manage_path, {"scope": ["pair:CN-US"], "add": "kind:x", "mode": "hourly"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown kind" in page and "Select a valid choice" in page
    assert keys(subscriber) == ["kind:trade", "pair:CN-US"]


def test_an_expired_manage_link_is_refused_and_offers_a_new_one(client, manage_path, settings):
    later = timezone.now() + timedelta(days=settings.ALERTS_MANAGE_MAX_AGE_DAYS, minutes=1)
    with time_machine.travel(later):
        response = client.get(manage_path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert reverse("alerts:manage-request") in response.content.decode()


def test_a_tampered_manage_link_is_refused(client, manage_path, subscriber):
    response = client.post(manage_path[:-3] + "x/", {"scope": ["all"], "mode": "digest"})
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.mode == "immediate"


def test_asking_for_a_manage_link_emails_a_known_address(post, subscriber):
    response = post(reverse("alerts:manage-request"), {"email": "ANA@example.org"})
    assert response["Location"] == reverse("alerts:sent")
    assert mail.outbox[-1].to == ["ana@example.org"]
    assert MANAGE_LINK.search(mail.outbox[-1].body)


def test_asking_for_a_manage_link_answers_the_same_for_an_unknown_address(post, subscriber):
    response = post(reverse("alerts:manage-request"), {"email": "who@example.org"})
    assert response["Location"] == reverse("alerts:sent")
    assert not mail.outbox


@pytest.mark.parametrize("address", ["ana@example.org", "who@example.org"])
def test_asking_for_a_manage_link_queues_the_same_work_for_any_address(
    client, subscriber, django_capture_on_commit_callbacks, address
):
    # The page does the same whether the address is known or not: no timing oracle. The
    # task decides whether an email goes out.
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("alerts:manage-request"), {"email": address})

    assert len(queued) == 1 and not mail.outbox


def test_the_emailed_manage_link_opens_the_manage_page(client, post, subscriber):
    post(reverse("alerts:manage-request"), {"email": "ana@example.org"})
    page = client.get(link_in(mail.outbox[-1], MANAGE_LINK))
    assert page.status_code == 200 and "ana@example.org" in page.content.decode()
