"""Authentication and roles.

Tokens travel as `Authorization: Bearer <secret>`. Roles: a viewer is anyone signed in
(session or token); an editor is in the Editors group or may record changes; an admin is
in the Admins group or a superuser. Writes need the editor role and, with a token, a
read-write one (with a session, DRF's CSRF check applies)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import ApiToken
from .tokens import token_lookup, token_touch

EDITOR_PERM = "channels_app.record_change"
ANYONE, VIEWER, EDITOR, ADMIN = "anyone", "viewer", "editor", "admin"


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>', with no spaces in it."
            )
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = token_lookup(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("The token has been revoked.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user is inactive.")
        token_touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


def _group_names(user: Any) -> set[str]:
    # One query per request at most, whatever the number of checks.
    if not hasattr(user, "_api_group_names"):
        user._api_group_names = set(user.groups.values_list("name", flat=True))
    return user._api_group_names


def role_of(user: Any) -> str:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return ANYONE
    if user.is_superuser or "Admins" in _group_names(user):
        return ADMIN
    if "Editors" in _group_names(user) or user.has_perm(EDITOR_PERM):
        return EDITOR
    return VIEWER


RANK = {ANYONE: 0, VIEWER: 1, EDITOR: 2, ADMIN: 3}


def has_role(user: Any, role: str) -> bool:
    return RANK[role_of(user)] >= RANK[role]


class RolePermission(BasePermission):
    """Reads need `view.read_role`, writes `view.write_role`. A method the view does not
    offer passes, so that it answers 405 to everyone alike."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in view.allowed_methods:
            return True
        safe = request.method in SAFE_METHODS
        needed = getattr(view, "read_role", ANYONE) if safe else getattr(view, "write_role", EDITOR)
        if needed == ANYONE:
            return True
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not safe and isinstance(request.auth, ApiToken) and not request.auth.can_write:
            raise exceptions.PermissionDenied(
                "This token is read-only; writes need a read-write token."
            )
        if not has_role(request.user, needed):
            raise exceptions.PermissionDenied(f"This needs the {needed} role.")
        return True
