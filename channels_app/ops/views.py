"""Endpoints for operators: /healthz (liveness), /readyz (readiness), /metrics (Prometheus).
None is cached; /readyz and /metrics answer allowed clients only (access.py)."""

import asyncio
import contextlib
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from health_check.base import HealthCheckResult
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST

from . import health, metrics
from .access import operators_only


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: nothing else is touched (no database), so a slow dependency
    never gets a healthy process restarted."""
    return _no_store(JsonResponse({"status": "ok", "checks": {"process": {"ok": True}}}))


def _entry(result: HealthCheckResult) -> dict[str, Any]:
    entry: dict[str, Any] = {"ok": result.error is None}
    if result.error is not None:
        entry["error"] = str(result.error)
    entry["ms"] = round(result.time_taken * 1000, 1)
    return entry


# Threads for the checks that block outside the database (the broker), kept between probes:
# the library's default is a new pool per request, which starts threads every time.
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


class ReadinessView(HealthCheckView):
    """django-health-check's view runs the checks concurrently and marks the answer
    uncacheable; this one always answers JSON, with 503 (not 500) when a check fails, as
    load balancers and Kubernetes expect."""

    http_method_names = ["get", "head"]

    def get_executor(self) -> contextlib.AbstractContextManager[Executor | None]:
        return contextlib.nullcontext(_executor)

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        checks = health.readiness_checks()
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in checks))
        ok = all(result.error is None for result in results)
        body = {
            "status": "ok" if ok else "unavailable",
            "checks": {type(r.check).label: _entry(r) for r in results},  # type: ignore[attr-defined]
        }
        return JsonResponse(body, status=200 if ok else 503)


readyz = operators_only(ReadinessView.as_view())


@operators_only
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    return _no_store(HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST))
