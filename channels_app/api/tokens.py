"""Issuing, revoking and checking API tokens: the one place that writes ApiToken rows."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import ApiToken, hash_secret

# last_used_at is a hint for people, not an audit log: write it at most once a minute per
# token instead of on every request.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def token_create(
    *, user: Any, name: str, scope: str = ApiToken.Scope.READ, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not stored and cannot be shown again."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"scope must be one of {', '.join(ApiToken.Scope.values)}")
    token = ApiToken(user=user, name=name, scope=scope, created_at=now or timezone.now())
    secret = token.set_new_secret()
    token.save()
    return token, secret


def token_revoke(*, token: ApiToken, now: datetime | None = None) -> bool:
    """Revoke the token; False if it already was."""
    now = now or timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=now) == 1
    if revoked:
        token.revoked_at = now
    return revoked


def token_lookup(secret: str) -> ApiToken | None:
    """The token with this secret, revoked or not (the caller tells the two apart)."""
    return ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()


def token_touch(token: ApiToken, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_GRANULARITY:
        return
    token.last_used_at = now
    ApiToken.objects.filter(
        Q(last_used_at=None) | Q(last_used_at__lt=now - LAST_USED_GRANULARITY), pk=token.pk
    ).update(last_used_at=now)
