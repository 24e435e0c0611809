"""Absolute links for emails and webhook payloads (SITE_URL + path)."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from ..models import Subscriber
from . import tokens


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_domain() -> str:
    """The right-hand side of our Message-IDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


_SLOT = "__token__"


@functools.cache
def _path(name: str) -> str:
    # reverse() costs more than signing, and every alert carries two links. Tokens are
    # URL-safe (base64url, ":" and "."), so they need no quoting.
    return reverse(name, args=[_SLOT])


def token_url(name: str, token: str) -> str:
    return absolute(_path(name).replace(_SLOT, token))


def confirm_url(subscriber: Subscriber, keys: list[str]) -> str:
    return token_url("alerts:confirm", tokens.make(tokens.CONFIRM, subscriber, scopes=keys))


def manage_url(subscriber: Subscriber) -> str:
    return token_url("alerts:manage", tokens.make(tokens.MANAGE, subscriber))


def unsubscribe_url(subscriber: Subscriber) -> str:
    return token_url("alerts:unsubscribe", tokens.make(tokens.UNSUBSCRIBE, subscriber))
