"""The history export, /api/v1/export/changes.csv and changes.json: public, streamed.

The rows come from services.history_export a chunk at a time and leave as ~64 KB pieces, so
100,000 changes never sit in memory at once. The format is documented there.
"""

from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from ..change_filters import FILTER_NAMES, ChangeFilters, read_change_filters
from ..models import Kind, Origin, State
from ..services import history_export
from ..services.history_export import EXPORT_CHUNK_SIZE, csv_lines, export_rows, json_document
from .base import ApiViewMixin

BUFFER_CHARS = 64 * 1024
_TRUE = {"true", "1"}  # the API's booleans are true/false; the 1/0 are kept too
_FALSE = {"false", "0", ""}


class FixedMediaType(BaseContentNegotiation):
    """The URL names the export's media type; whatever the Accept header says, the export is
    sent as that and errors as JSON (no 406 for a client that asks for text/csv)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class _ExportView(ApiViewMixin, APIView):
    """Public (read_role: anyone), like the rest of the API's reads. The changes log's
    filters (change_filters) select what is exported: /changes/ links here with its own."""

    detail_query_params = ("include_removed", *FILTER_NAMES)
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FixedMediaType
    chunk_size = EXPORT_CHUNK_SIZE

    def include_removed(self, request: Request) -> bool:
        value = request.query_params.get("include_removed", "").strip().lower()
        if value not in _TRUE | _FALSE:
            raise ValidationError({"include_removed": ["Use true or false (or 1 or 0)."]})
        return value in _TRUE

    def filters(self, request: Request) -> ChangeFilters:
        filters, form, _errors = read_change_filters(request.query_params, ignore_unknown=True)
        if form.errors:
            details = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            raise ValidationError(details)
        return filters

    def rows(self, include_removed: bool, filters: ChangeFilters) -> Iterator[dict]:
        return export_rows(
            include_removed=include_removed,
            chunk_size=self.chunk_size,
            matching=filters.q if filters.active else None,
        )


def buffered(pieces: Iterable[str], size: int = BUFFER_CHARS) -> Iterator[bytes]:
    """Join small pieces into ~`size` characters: one write per piece would mean a socket
    send per row."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


# --- documentation ----------------------------------------------------------------------

INCLUDE_REMOVED = OpenApiParameter(
    "include_removed",
    OpenApiTypes.BOOL,
    description="Also export removed changes, with their removed_at (default: only the "
    "history in force). An import skips removed changes.",
)
FILTER_PARAMETERS = [
    OpenApiParameter("country", str, description="Country on either side (ISO alpha-2): cn"),
    OpenApiParameter("pair", str, description="A country pair, either way round: cn-us"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("state", str, enum=State.values, description="New state"),
    OpenApiParameter("origin", str, enum=Origin.values),
    OpenApiParameter(
        "since", OpenApiTypes.DATE, description="Effective on or after this date (YYYY-MM-DD)"
    ),
    OpenApiParameter(
        "until", OpenApiTypes.DATE, description="Effective on or before this date (YYYY-MM-DD)"
    ),
]
EXAMPLE_ROW = {
    "pair": "CN-US",
    "kind": "military",
    "channel_name": "US–China military-to-military channels",
    "channel_description": "Defence ministries, theatre commanders, maritime consultations",
    "channel_mechanisms": "Defense telephone link, DPCT, MMCA",
    "effective_at": "2022-08-05T12:00:00Z",
    "recorded_at": "2026-01-15T09:00:00Z",
    "old_state": "open",
    "new_state": "suspended",
    "origin": "manual",
    "actor": "editor",
    "note": 'China cancelled theatre-commander talks, "DPCT" and MMCA meetings.',
    "removed_at": None,
    "evidence": [
        {
            "url": "https://example.org/news/2022/08/05/china-cancels-talks",
            "outlet": "Example News",
            "title": "China cuts off military talks with the US",
            "published_at": "2022-08-05T10:30:00Z",
        }
    ],
}
FORMAT_NOTE = (
    "One row per change, in history order (effective_at, then recorded_at). Times are "
    "ISO 8601 in UTC. The file re-imports with `manage.py import_history FILE` or the admin's "
    "import page."
)


class ExportEvidenceSerializer(serializers.Serializer):
    url = serializers.URLField()
    outlet = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)


class ExportChangeSerializer(serializers.Serializer):
    """Documentation only: the shape of one exported change."""

    pair = serializers.CharField(help_text="Sorted ISO 3166-1 alpha-2 codes, e.g. CN-US")
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel_name = serializers.CharField()
    channel_description = serializers.CharField(allow_blank=True)
    channel_mechanisms = serializers.CharField(allow_blank=True)
    effective_at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField()
    old_state = serializers.ChoiceField(choices=State.choices)
    new_state = serializers.ChoiceField(choices=State.choices)
    origin = serializers.ChoiceField(choices=Origin.choices)
    actor = serializers.CharField(allow_blank=True, help_text="Username, empty for none")
    note = serializers.CharField(allow_blank=True)
    removed_at = serializers.DateTimeField(allow_null=True)
    evidence = ExportEvidenceSerializer(many=True)


class ExportDocumentSerializer(serializers.Serializer):
    """Documentation only: the JSON export document."""

    format = serializers.CharField(default=history_export.FORMAT_ID)
    version = serializers.IntegerField(default=history_export.FORMAT_VERSION)
    exported_at = serializers.DateTimeField()
    include_removed = serializers.BooleanField()
    changes = ExportChangeSerializer(many=True)


# --- views ------------------------------------------------------------------------------


class ChangesCSVExport(_ExportView):
    @extend_schema(
        operation_id="export_changes_csv",
        summary="The full change history with evidence, as CSV",
        description=FORMAT_NOTE + " Evidence is one column holding a JSON list of "
        "{url, outlet, title, published_at}. Streamed.",
        parameters=[INCLUDE_REMOVED, *FILTER_PARAMETERS],
        responses={
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR,
                description="A header line, then one CSV record per change.",
                examples=[
                    OpenApiExample(
                        "One change",
                        value="".join(csv_lines([EXAMPLE_ROW])),
                        media_type="text/csv",
                    )
                ],
            )
        },
        tags=["export"],
    )
    def get(self, request: Request, *args, **kwargs) -> StreamingHttpResponse:
        rows = self.rows(self.include_removed(request), self.filters(request))
        response = StreamingHttpResponse(
            buffered(csv_lines(rows)), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        response["Content-Disposition"] = f'attachment; filename="changes-{stamp}.csv"'
        return response


class ChangesJSONExport(_ExportView):
    @extend_schema(
        operation_id="export_changes_json",
        summary="The full change history with evidence, as JSON",
        description=FORMAT_NOTE + " Streamed, one change per line.",
        parameters=[INCLUDE_REMOVED, *FILTER_PARAMETERS],
        responses={
            (200, "application/json"): OpenApiResponse(
                response=ExportDocumentSerializer,
                examples=[
                    OpenApiExample(
                        "One change",
                        value={
                            "format": history_export.FORMAT_ID,
                            "version": history_export.FORMAT_VERSION,
                            "exported_at": "2026-01-15T09:30:00Z",
                            "include_removed": False,
                            "changes": [EXAMPLE_ROW],
                        },
                        media_type="application/json",
                    )
                ],
            )
        },
        tags=["export"],
    )
    def get(self, request: Request, *args, **kwargs) -> StreamingHttpResponse:
        include_removed = self.include_removed(request)
        document = json_document(
            self.rows(include_removed, self.filters(request)),
            exported_at=timezone.now(),
            include_removed=include_removed,
        )
        return StreamingHttpResponse(buffered(document), content_type="application/json")
