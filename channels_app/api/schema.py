"""OpenAPI generation: every operation documents the common error format for the 4xx it can
answer, and the Bearer token scheme."""

import inspect
from typing import Any, Literal

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from .auth import ANYONE
from .examples import ERRORS
from .serializers import ErrorSerializer


def error_response(code: str) -> OpenApiResponse:
    description, body = ERRORS[code]
    example = OpenApiExample(f"error {code}", value={"error": body}, status_codes=[code])
    return OpenApiResponse(ErrorSerializer, description=description, examples=[example])


class ApiAutoSchema(AutoSchema):
    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's signature
        """From @extend_schema or the handler's docstring; never a (base) class docstring,
        which describes the code, not the endpoint."""
        action = getattr(self.view, "action", None) or self.method.lower()
        handler = getattr(self.view, action, None)
        if handler is None:
            return ""
        return inspect.getdoc(handler) or ""

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "405", "429"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(error_response(code), code)
        return responses

    def get_auth(self) -> list[dict[str, Any]]:
        """Public reads also work with no credentials at all."""
        auth = super().get_auth()
        safe = self.method in ("GET", "HEAD")
        if safe and getattr(self.view, "read_role", None) == ANYONE and {} not in auth:
            auth.append({})
        return auth


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "channels_app.api.auth.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A per-user API token (`Authorization: Bearer ct_…`), issued by an "
            "admin or with `manage.py create_api_token`. Read-only or read-write.",
        }
