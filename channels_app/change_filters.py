"""The filters of a list of changes, read from a query string the same way by the changes
log (/changes/), its Atom feed and its CSV export: country, pair, kind, new state, origin and
a range of effective dates. Also the form fields the API's filters share (a country code, a
pair, a bounded date).

    filters, errors = read_change_filters(request.GET)
    StateChange.objects.active().filter(filters.q)

A value that is not understood is an error naming the parameter, never an empty list: the
page shows it, the feed and the API answer 400 with it.
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django_countries import countries

from .models import Kind, Origin, State
from .values import MAX_DATE, MIN_DATE, InvalidPair, Pair, end_of, start_of

# --- fields shared with the API's filters ------------------------------------------------


def check_date_range(day: date) -> None:
    if not MIN_DATE <= day <= MAX_DATE:
        raise forms.ValidationError(f"Dates run from {MIN_DATE} to {MAX_DATE}.")


class BoundedDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD."}

    def clean(self, value: Any) -> date | None:
        day = super().clean(value)
        if day is not None:
            check_date_range(day)
        return day


def country_code(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or countries.alpha2(code) != code:
        # Values go in params: django-filter %-formats every message.
        raise forms.ValidationError(
            "'%(value)s' is not an ISO 3166-1 alpha-2 country code.",
            params={"value": value[:40]},
        )
    return code


def pair_codes(value: str) -> Pair:
    try:
        return Pair.parse(value)
    except InvalidPair as refused:
        raise forms.ValidationError("%(reason)s", params={"reason": refused.message}) from None


class CountryField(forms.CharField):
    def clean(self, value: Any) -> str | None:
        value = super().clean(value)
        return country_code(value) if value else None


class PairField(forms.CharField):
    def clean(self, value: Any) -> Pair | None:
        value = super().clean(value)
        return pair_codes(value) if value else None


class LowerChoiceField(forms.ChoiceField):
    """A choice written in any case, with spaces around it: " Military" is military."""

    def __init__(self, *, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(choices=choices, **kwargs)
        self.allowed = choices

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().lower()

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            names = ", ".join(str(key) for key, _label in self.allowed if key)
            raise forms.ValidationError(
                "“%(value)s” is not one of %(names)s.",
                code="invalid_choice",
                params={"value": value[:40], "names": names},
            )
        super().validate(value)


# --- the filters of a list of changes ------------------------------------------------------


@dataclass(frozen=True)
class ChangeFilters:
    country: str = ""  # upper-case ISO code
    pair: Pair | None = None
    kind: str = ""
    state: str = ""  # the new state
    origin: str = ""
    since: date | None = None  # effective on or after
    until: date | None = None  # effective on or before

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def q(self) -> Q:
        """The filter on StateChange (removed changes are the caller's business)."""
        q = Q()
        if self.country:
            q &= Q(channel__country_a=self.country) | Q(channel__country_b=self.country)
        if self.pair:
            q &= Q(channel__country_a=self.pair.a, channel__country_b=self.pair.b)
        if self.kind:
            q &= Q(channel__kind=self.kind)
        if self.state:
            q &= Q(new_state=self.state)
        if self.origin:
            q &= Q(origin=self.origin)
        if self.since:
            q &= Q(effective_at__gte=start_of(self.since))
        if self.until:
            q &= Q(effective_at__lt=end_of(self.until))
        return q

    def params(self) -> dict[str, str]:
        """The canonical query string of these filters: what a shareable URL holds."""
        params = {
            "country": self.country.lower(),
            "pair": self.pair.slug if self.pair else "",
            "kind": self.kind,
            "state": self.state,
            "origin": self.origin,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {k: v for k, v in params.items() if v}


FILTER_NAMES = tuple(f.name for f in fields(ChangeFilters))


class ChangeFilterForm(forms.Form):
    country = CountryField(required=False, label="Country")
    pair = PairField(required=False, label="Pair")
    kind = LowerChoiceField(choices=[("", "Any kind"), *Kind.choices], required=False)
    state = LowerChoiceField(
        choices=[("", "Any state"), *State.choices], required=False, label="New state"
    )
    origin = LowerChoiceField(
        choices=[("", "Any origin"), *Origin.choices], required=False, label="Recorded by"
    )
    since = BoundedDateField(required=False, label="Effective from")
    until = BoundedDateField(required=False, label="Effective until")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", f"The range ends ({until}) before it starts ({since}).")
        return data


def read_change_filters(
    query: QueryDict, *, also: tuple[str, ...] = (), ignore_unknown: bool = False
) -> tuple[ChangeFilters, ChangeFilterForm, list[str]]:
    """The filters of a query string, the bound form, and one message per problem: a
    parameter the caller does not know (beyond the filters and `also`; none with
    `ignore_unknown`), or a value the form refused. Refused values are left out of the
    filters; the rest apply."""
    form = ChangeFilterForm(query)
    form.is_valid()
    known = set(FILTER_NAMES) | set(also)
    unknown = [] if ignore_unknown else [name for name in query if name not in known]
    errors = [f"Unknown filter “{name[:40]}”: use {', '.join(FILTER_NAMES)}." for name in unknown]
    for name, messages in form.errors.items():
        label = form[name].label if name in form.fields else "Filters"
        errors += [f"{label}: {message}" for message in messages]
    values = {
        name: form.cleaned_data[name]
        for name in FILTER_NAMES
        if name not in form.errors and form.cleaned_data.get(name)
    }
    return ChangeFilters(**values), form, errors
