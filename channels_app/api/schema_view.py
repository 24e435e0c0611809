"""The view serving the OpenAPI document (apart from api.schema, which drf-spectacular's
views import: the view would import itself)."""

from typing import Any

from drf_spectacular.views import SpectacularAPIView
from rest_framework.negotiation import DefaultContentNegotiation


class _FormatParameterNegotiation(DefaultContentNegotiation):
    """`?format=json` or `?format=yaml` picks the renderer, as Accept does. The API at large
    has no `format` parameter (URL_FORMAT_OVERRIDE is off: it is an unknown parameter there)."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        asked = format_suffix or request.query_params.get("format")
        return super().select_renderer(request, renderers, asked)


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: YAML by default, JSON for `?format=json` or
    `Accept: application/json`."""

    content_negotiation_class = _FormatParameterNegotiation
