"""Users in each role, their tokens, and clients that send them."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.test import APIClient

from channels_app.api.tokens import token_create
from channels_app.models import Article, Detection, Feed, Proposal
from tests.factories import ChannelFactory, UserFactory, editor

ROLES = ("anonymous", "viewer", "editor", "admin")
EVIDENCE = [{"url": "https://news.example.org/a", "outlet": "Example News", "title": "It happened"}]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached bodies live in the cache: none leak between tests."""
    cache.clear()
    yield
    cache.clear()


def make_user(role: str):
    if role == "anonymous":
        return None
    if role == "viewer":
        return UserFactory()
    if role == "editor":
        return editor()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Admins"))
    return user


@pytest.fixture
def client_for(db) -> Callable[..., APIClient]:
    """client_for("editor") sends a read-write token of a new editor; scope="read" a
    read-only one; role "anonymous" sends nothing."""

    def build(role: str, scope: str = "read-write") -> APIClient:
        client = APIClient()
        user = make_user(role)
        if user is not None:
            _, secret = token_create(user=user, name="test", scope=scope)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
            client.user = user
        return client

    return build


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def editor_api(client_for) -> APIClient:
    return client_for("editor")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


@pytest.fixture
def cn_us(db):
    return ChannelFactory(country_a="US", country_b="CN", kind="military", name="US–China mil")


def make_feed(n: int = 0) -> Feed:
    return Feed.objects.create(url=f"https://feed{n}.example/rss", outlet=f"Outlet {n}")


def make_proposal(channel, state: str = "suspended", n: int = 0) -> Proposal:
    feed = make_feed(n)
    article = Article.objects.create(
        feed=feed,
        dedup_key=f"k{n}",
        link=f"https://news{n}.example/story",
        title=f"Story {n}",
        content_hash=f"h{n}",
        story_key=f"s{n}",
        published_at=at("2024-01-01"),
    )
    proposal = Proposal.objects.create(channel=channel, state=state, source_count=1)
    Detection.objects.create(
        article=article,
        country_a=channel.country_a.code,
        country_b=channel.country_b.code,
        kind=channel.kind,
        state=state,
        modality="act",
        confidence=0.9,
        evidence="It happened.",
        channel=channel,
        proposal=proposal,
    )
    return proposal
