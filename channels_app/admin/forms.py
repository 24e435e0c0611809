"""Admin forms. They parse and check the shape of what an editor typed; the rules (pairs,
states in force, future dates, evidence URLs) live in the services, whose ChangeRejected
messages the admin shows as form errors."""

from datetime import UTC, date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_countries import countries

from ..models import Channel, Evidence, StateChange
from ..models.choices import ASSESSED_STATES
from ..services.changes import EvidenceInput
from ..services.channels import normalize_pair

ASSESSED_CHOICES = [(s.value, s.label) for s in ASSESSED_STATES]


class CountryCodeInput(forms.TextInput):
    """A code box with the country list as suggestions (a <datalist>: no JavaScript)."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        list_id = f"{(attrs or {}).get('id', name)}-countries"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', countries)
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class ChannelAddForm(forms.ModelForm):
    """The pair is typed in any order and normalised by services.channels.normalize_pair;
    the admin then creates the channel with channel_create."""

    first_country = forms.CharField(
        label="Country",
        widget=CountryCodeInput(attrs={"size": 4, "autocomplete": "off"}),
        help_text="ISO 3166-1 alpha-2 code, e.g. US. The pair is unordered.",
    )
    second_country = forms.CharField(
        label="Other country",
        widget=CountryCodeInput(attrs={"size": 4, "autocomplete": "off"}),
        help_text="e.g. CN",
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        help_text="Leave empty for a name made from the pair and kind "
        "(“China–United States military channels”).",
    )

    class Meta:
        model = Channel
        fields = ["kind", "name", "description", "mechanisms", "stale_after_days"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        first, second = cleaned.get("first_country"), cleaned.get("second_country")
        if not first or not second:
            return cleaned
        a, b = normalize_pair(first, second)  # ChangeRejected is a ValidationError
        kind = cleaned.get("kind")
        # channel_create checks this again under the unique constraint; here it is a form error.
        if kind and Channel.objects.for_pair(a, b).filter(kind=kind).exists():
            raise ValidationError(
                f"There is already a {kind} channel for {a}–{b}.", code="duplicate"
            )
        cleaned["pair"] = (a, b)
        return cleaned


class ChannelChangeForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "description", "mechanisms", "stale_after_days"]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time", "step": 1}, format="%H:%M:%S")


class EffectiveAtFields(forms.Form):
    """A date, and an optional time of day (UTC; midnight when left empty)."""

    effective_date = forms.DateField(
        label="Effective date", widget=_date_input(), help_text="When it happened in the world."
    )
    effective_time = forms.TimeField(
        label="Time (UTC)",
        required=False,
        widget=_time_input(),
        help_text="Optional; midnight UTC when empty.",
    )

    @property
    def effective_at(self) -> datetime:
        day: date = self.cleaned_data["effective_date"]
        at: time = self.cleaned_data.get("effective_time") or time(0)
        return datetime.combine(day, at, tzinfo=UTC)


class EvidenceLinesField(forms.CharField):
    """Sources typed one per line, "URL | outlet | title", parsed into EvidenceInput. Whether
    any are needed, and whether each URL is a valid http(s) URL, is the service's rule."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4, "cols": 80}))
        kwargs.setdefault(
            "help_text",
            "One link per line. Optionally add the outlet and title: “URL | outlet | title”.",
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[EvidenceInput]:  # type: ignore[override]
        items = []
        for number, line in enumerate(str(super().clean(value)).splitlines(), start=1):
            if not line.strip():
                continue
            url, outlet, title = ([p.strip() for p in line.split("|", 2)] + ["", ""])[:3]
            _check_lengths(number, url=url, outlet=outlet, title=title)
            items.append(EvidenceInput(url=url, outlet=outlet, title=title))
        return items


class RecordChangeForm(EffectiveAtFields):
    state = forms.ChoiceField(label="New state", choices=ASSESSED_CHOICES)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = EvidenceLinesField(
        help_text="At least one source. One link per line; optionally add the outlet and "
        "title: “URL | outlet | title”."
    )
    field_order = ["state", "effective_date", "effective_time", "note", "evidence"]


def _check_lengths(line: int, **values: str) -> None:
    for name, value in values.items():
        limit = getattr(Evidence._meta.get_field(name), "max_length", None)
        if limit and len(value) > limit:
            raise ValidationError(
                f"Line {line}: the {name} is longer than {limit} characters.", code="too_long"
            )


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("help_text", "Why: kept in the audit trail with who and when.")
        super().__init__(**kwargs)


class CorrectChangeForm(EffectiveAtFields):
    """An audited correction. Only the fields the editor altered are passed on, so an
    untouched date keeps its exact time."""

    state = forms.ChoiceField(label="State", choices=ASSESSED_CHOICES)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = ReasonField()
    field_order = ["state", "effective_date", "effective_time", "note", "reason"]

    def __init__(self, *args: Any, change: StateChange, **kwargs: Any) -> None:
        at = change.effective_at.astimezone(UTC)
        kwargs["initial"] = {
            "state": change.new_state,
            "effective_date": at.date(),
            "effective_time": at.time(),
            "note": change.note,
        }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not self.errors and not self.corrections():
            raise ValidationError(
                "Nothing to correct: change the state, the date or the note.", code="no_change"
            )
        return self.cleaned_data

    def corrections(self) -> dict[str, Any]:
        """Keyword arguments for change_correct: the altered fields only."""
        changed = set(self.changed_data)
        values: dict[str, Any] = {}
        if "state" in changed:
            values["state"] = self.cleaned_data["state"]
        if changed & {"effective_date", "effective_time"}:
            values["effective_at"] = self.effective_at
        if "note" in changed:
            values["note"] = self.cleaned_data["note"]
        return values


class RemoveChangeForm(forms.Form):
    reason = ReasonField()


class CorrectEvidenceForm(forms.Form):
    """Sources to remove (ticked) and to add (typed), with the reason for the audit trail."""

    remove = forms.MultipleChoiceField(
        label="Remove these sources",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add = EvidenceLinesField(label="Add sources")
    reason = ReasonField()

    def __init__(self, *args: Any, change: StateChange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [  # type: ignore[attr-defined]
            (str(e.pk), e.url) for e in change.evidence.all()
        ]
        if not self.fields["remove"].choices:  # type: ignore[attr-defined]
            del self.fields["remove"]

    @property
    def removed_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("remove", [])]
