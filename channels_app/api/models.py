"""Per-user API tokens. Only a SHA-256 hash of the secret is stored; its first characters
(the prefix) are kept in clear so a person can tell their tokens apart."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

SECRET_PREFIX = "ct_"  # recognisable in logs and by secret scanners
PREFIX_LENGTH = 8


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read-write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. “newsroom sync”")
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def set_new_secret(self) -> str:
        """Give the token a fresh secret and return it: the only time it is ever seen."""
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        self.prefix = secret[:PREFIX_LENGTH]
        self.key_hash = hash_secret(secret)
        return secret

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE and self.revoked_at is None
