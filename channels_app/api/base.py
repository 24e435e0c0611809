"""What every API view shares: roles, the strict query-parameter check, time travel."""

from datetime import date, datetime
from typing import Any

from django import forms
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.request import Request

from ..models import Channel, Kind
from .auth import ANYONE, EDITOR
from .errors import reject_unknown_parameters
from .filters import BoundedDateField, end_of, pair_codes


class ApiViewMixin:
    """`read_role` / `write_role` for RolePermission; GET and HEAD refuse query parameters
    the endpoint does not know (400 listing the allowed ones) instead of ignoring them."""

    read_role = ANYONE
    write_role = EDITOR
    list_query_params: tuple[str, ...] = ()
    detail_query_params: tuple[str, ...] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method in ("GET", "HEAD"):
            reject_unknown_parameters(request.query_params, self.allowed_query_params())

    def allowed_query_params(self) -> set[str]:
        if getattr(self, "action", None) != "list":
            return set(self.detail_query_params)
        names = set(self.list_query_params)
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        pagination = getattr(self, "pagination_class", None)
        if pagination is not None:
            names |= set(pagination.query_parameters)
        return names


def requested_date(request: Request) -> date | None:
    """The `at=YYYY-MM-DD` of time travel, or None for now; 400 if malformed or future."""
    raw = request.query_params.get("at")
    if raw is None:
        return None
    try:
        day = BoundedDateField().clean(raw)
    except forms.ValidationError as exc:
        raise exceptions.ValidationError({"at": exc.messages}) from None
    if day is None:
        raise exceptions.ValidationError({"at": ["Give a date as YYYY-MM-DD, or leave at out."]})
    if day > timezone.now().date():
        raise exceptions.ValidationError({"at": ["The date is in the future."]})
    return day


def cutoff_of(day: date | None) -> datetime | None:
    return end_of(day) if day else None


def channel_or_404(queryset: Any, pair: str, kind: str) -> Channel:
    try:
        a, b = pair_codes(pair)
    except forms.ValidationError:
        raise Http404("No such country pair; write it like cn-us.") from None
    if kind not in Kind.values:
        raise Http404(f"No such kind of channel; kinds are {', '.join(Kind.values)}.")
    channel = queryset.for_pair(a, b).filter(kind=kind).first()
    if channel is None:
        raise Http404(f"No {kind} channel for {a}–{b}.")
    return channel
