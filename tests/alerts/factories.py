"""Subscribers and webhooks for the alerts tests."""

from typing import Any

import factory
from django.utils import timezone

from channels_app.alerts.models import Subscriber, SubscriberScope, Webhook


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; SubscriberFactory(scopes=["pair:CN-US"]) adds confirmed scopes."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def scopes(self, create: bool, keys: Any, **kwargs: Any) -> None:
        for key in keys or []:
            SubscriberScope.objects.create(subscriber=self, key=key, confirmed_at=timezone.now())


class WebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webhook

    name = factory.Sequence(lambda n: f"Newsroom {n}")
    url = factory.Sequence(lambda n: f"https://hooks{n}.example.net/channel-tracker")
    owner_email = "ops@example.net"
    scopes = factory.LazyFunction(lambda: ["all"])
