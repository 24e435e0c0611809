"""factory_boy factories shared by the suite. Channels are created with sorted codes (the
stored form of a pair); state changes go through the writer service, like every writer."""

from datetime import timedelta
from importlib import import_module
from itertools import combinations
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_countries import countries

from channels_app.models import Channel, Kind, Origin, State, StateChange
from channels_app.services.changes import EvidenceInput, channel_set_state
from channels_app.services.channels import default_channel_name, normalize_pair

# A source for changes whose evidence a test does not look at (every writer but an import
# needs one: models.choices.ORIGIN_NEEDS_EVIDENCE).
SOURCE = (EvidenceInput(url="https://news.example.org/report", outlet="Example News"),)

_CODES = sorted(code for code, _ in countries)
_PAIRS = list(combinations(_CODES, 2))  # sorted codes in, sorted pairs out (30,000 of them)


def _pair(n: int) -> tuple[str, str]:
    # A prime stride walks every pair once, without every channel sharing the first country.
    return _PAIRS[(n * 7919) % len(_PAIRS)]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")


def editor(user: Any = None, **kwargs: Any) -> Any:
    """A staff user in the Editors group (created by migration 0002_roles)."""
    user = user or UserFactory(is_staff=True, **kwargs)
    user.groups.add(_editors_group())
    return user


def _editors_group() -> Any:
    """The migrations' Editors group. A transactional test's flush deletes it (permissions
    come back through post_migrate, groups do not): then it is rebuilt from the same data."""
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        return group
    roles = import_module("channels_app.migrations.0002_roles")
    news = import_module("channels_app.migrations.0004_news_roles")
    actors = import_module("channels_app.migrations.0009_actor_roles")
    group = Group.objects.create(name="Editors")
    for spec in (roles.EDITOR_PERMS, news.NEWS_PERMS, actors.ACTOR_PERMS):
        for app_label, codenames in spec.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    return group


class ChannelFactory(factory.django.DjangoModelFactory):
    """ChannelFactory(country_a="US", country_b="CN") stores ("CN", "US") like channel_create."""

    class Meta:
        model = Channel

    country_a = factory.Sequence(lambda n: _pair(n)[0])
    country_b = factory.Sequence(lambda n: _pair(n)[1])
    kind = Kind.MILITARY
    name = factory.LazyAttribute(lambda c: default_channel_name(c.country_a, c.country_b, c.kind))

    @classmethod
    def _create(cls, model_class: type[Channel], *args: Any, **kwargs: Any) -> Channel:
        kwargs["country_a"], kwargs["country_b"] = normalize_pair(
            kwargs["country_a"], kwargs["country_b"]
        )
        return super()._create(model_class, *args, **kwargs)


class StateChangeFactory(factory.Factory):
    """Records a change through services.changes.channel_set_state (create only, no build):
    StateChangeFactory(channel=c, state="suspended", effective_at=...)."""

    class Meta:
        model = StateChange

    channel = factory.SubFactory(ChannelFactory)
    state = State.OPEN
    effective_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    origin = Origin.MANUAL
    actor = None
    note = ""
    evidence = SOURCE

    @classmethod
    def _create(cls, model_class: type[StateChange], *args: Any, **kwargs: Any) -> StateChange:
        return channel_set_state(**kwargs)
