"""What every API view shares: roles, the strict query-parameter check, time travel."""

from typing import Any

from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.request import Request

from ..models import Channel, Kind
from ..values import MAX_DATE, MIN_DATE, InvalidMoment, InvalidPair, Moment, Pair
from .auth import ANYONE, EDITOR
from .errors import reject_unknown_parameters


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


AT_REFUSALS = {
    "not_a_date": "Enter a date as YYYY-MM-DD.",
    "too_early": f"Dates run from {MIN_DATE} to {MAX_DATE}.",
    "too_late": f"Dates run from {MIN_DATE} to {MAX_DATE}.",
    "future": "The date is in the future.",
}


def requested_moment(request: Request) -> Moment:
    """Now, or the end of the day `at=YYYY-MM-DD` names (time travel); 400 if malformed or
    future."""
    raw = request.query_params.get("at")
    now = timezone.now()
    if raw is None:
        return Moment(now)
    if not raw:
        raise exceptions.ValidationError({"at": ["This field is required."]})
    try:
        return Moment.parse(raw, now)
    except InvalidMoment as refused:
        raise exceptions.ValidationError({"at": [AT_REFUSALS[refused.code]]}) from None


def channel_or_404(queryset: Any, pair: str, kind: str) -> Channel:
    try:
        a, b = Pair.parse(pair)
    except InvalidPair:
        raise Http404("No such country pair; write it like cn-us.") from None
    if kind not in Kind.values:
        raise Http404(f"No such kind of channel; kinds are {', '.join(Kind.values)}.")
    channel = queryset.for_pair(a, b).filter(kind=kind).first()
    if channel is None:
        raise Http404(f"No {kind} channel for {a}–{b}.")
    return channel
