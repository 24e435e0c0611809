"""Page-number pagination: `page` (from 1) and `page_size`, clamped to 1..100."""

from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50


def _integer(request: Any, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: [f"'{raw}' is not a whole number."]}) from None


class Pagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    query_parameters = ("page", "page_size")

    def get_page_size(self, request: Any) -> int:
        size = _integer(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        return max(1, min(size, self.max_page_size))

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        page = _integer(request, self.page_query_param)
        if page is not None and page < 1:
            raise exceptions.ValidationError({"page": ["Pages are numbered from 1."]})
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["count", "next", "previous", "results"]
        described["properties"]["next"]["example"] = (
            "https://tracker.example.org/api/v1/changes/?page=3"
        )
        described["properties"]["previous"]["example"] = (
            "https://tracker.example.org/api/v1/changes/?page=1"
        )
        return described

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == "page":
                param["schema"]["minimum"] = 1
            if param["name"] == "page_size":
                param["description"] = (
                    f"Results per page (default {self.page_size}); "
                    f"clamped to 1–{self.max_page_size}."
                )
        return params
