"""One error format for the whole API:

    {"error": {"code": "validation_error", "message": "...", "details": {...}}}

DRF's own exceptions (validation, parse, auth, permission, 404, 405, 406, 415, 429) and the
writer services' refusals (ChangeRejected) all end up here."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..services.errors import ChangeRejected


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _first_message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        inner = _first_message(value)
        return inner if key == "non_field_errors" else f"{key}: {inner}"
    return str(detail)


def _reshape(exc: exceptions.APIException, response: Response) -> Response:
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        code = getattr(exc, "api_code", "validation_error")
        response.data = error_body(code, _first_message(fields), fields)
        return response
    codes = exc.get_codes()
    details: dict[str, Any] = {}
    wait = getattr(exc, "wait", None)  # Throttled's, which its stubs do not declare
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        details["retry_after"] = int(wait)
    response.data = error_body(
        codes if isinstance(codes, str) else exc.default_code, str(exc.detail), details
    )
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ChangeRejected):
        return Response(
            error_body(exc.code or "rejected", " ".join(exc.messages)),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: let it be a 500 and be reported
    if isinstance(exc, exceptions.APIException):
        return _reshape(exc, response)
    # Http404 and PermissionDenied were converted by DRF.
    code = "not_found" if response.status_code == 404 else "permission_denied"
    response.data = error_body(code, str(response.data.get("detail", "")))
    return response


class UnknownParameters(exceptions.ValidationError):
    api_code = "unknown_parameter"


class Refused(exceptions.ValidationError):
    """A 400 with its own code (blocked_address, unknown_scope ...) instead of
    validation_error; `details` is per field, as for any validation error."""

    def __init__(self, details: dict[str, list[str]], code: str) -> None:
        super().__init__(details)
        self.api_code = code


def reject_unknown_parameters(query: Any, allowed: set[str]) -> None:
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise UnknownParameters(
            {
                "non_field_errors": [
                    f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: "
                    f"{', '.join(unknown)}. Allowed: {', '.join(sorted(allowed)) or 'none'}."
                ],
                "unknown": unknown,
                "allowed": sorted(allowed),
            }
        )


@csrf_exempt  # it writes nothing; a POST to a wrong path is a 404, not a CSRF page
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any unknown path under /api/: the common error format, not an HTML page. A known
    path missing its trailing slash is pointed at (GET and HEAD are redirected)."""
    with_slash = request.path + "/"
    if not request.path.endswith("/") and _resolves(with_slash):
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            target = with_slash + (f"?{query}" if query else "")
            return HttpResponse(status=301, headers={"Location": target})
        return JsonResponse(
            error_body("not_found", f"Not found; did you mean {with_slash}?"), status=404
        )
    return JsonResponse(error_body("not_found", f"No API endpoint at {request.path}."), status=404)


def _resolves(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func is not not_found
