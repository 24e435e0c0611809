"""The channel admin: list, add (through channel_create), edit the descriptive fields, read the
full history and audit trail, record a change, confirm a state, and the system health page."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

from ..models import ChangeAudit, Channel, Origin, StateChange
from ..services.changes import channel_set_state
from ..services.channels import channel_confirm_state, channel_create
from ..services.health import counted, system_health
from .common import (
    EVIDENCE_ERRORS,
    ReadOnlyInline,
    audit_diff,
    can_record_change,
    change_url,
    missing_object_redirect,
    require_record_change,
    service_form_view,
    state_badge,
)
from .filters import CountryFilter, StaleFilter
from .forms import ChannelAddForm, ChannelChangeForm, RecordChangeForm

# What an editor may change on an existing channel; the pair and kind are its identity and
# the state columns belong to services.changes.
EDITABLE_FIELDS = (
    "name",
    "description",
    "mechanisms",
    "stale_after_days",
    "auto_apply_sources",
    "auto_apply_window_hours",
)


class HistoryInline(ReadOnlyInline):
    model = StateChange
    verbose_name = "recorded change"
    verbose_name_plural = "History (newest first, removed changes included)"
    fields = (
        "effective_at",
        "transition",
        "origin",
        "actor",
        "recorded_at",
        "note",
        "evidence_links",
        "removed",
    )
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[StateChange]:
        # The row title (str) reads the channel; evidence is one prefetch for all rows.
        return (super().get_queryset(request).select_related("channel", "actor")).prefetch_related(
            "evidence"
        )

    @admin.display(description="Change")
    def transition(self, obj: StateChange) -> SafeString:
        return transition(obj)

    @admin.display(description="Evidence")
    def evidence_links(self, obj: StateChange) -> SafeString | str:
        return evidence_links(obj.evidence.all())

    @admin.display(description="Removed")
    def removed(self, obj: StateChange) -> str:
        return removed_label(obj)


def transition(change: StateChange) -> SafeString:
    return format_html("{} → {}", state_badge(change.old_state), state_badge(change.new_state))


def evidence_links(items: Any) -> SafeString | str:
    links = format_html_join(
        mark_safe("<br>"),
        '<a href="{}" rel="noopener noreferrer">{}</a>',
        ((e.url, link_label(e)) for e in items),
    )
    return links or "—"


def link_label(evidence: Any) -> str:
    label = evidence.title or evidence.url
    return f"{label} ({evidence.outlet})" if evidence.outlet else label


def removed_label(change: StateChange) -> str:
    return f"removed {change.removed_at:%Y-%m-%d}" if change.removed_at else "—"


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelChangeForm
    add_form = ChannelAddForm
    list_display = ("pair", "kind", "state_display", "state_since", "stale_display")
    list_display_links = ("pair",)
    list_filter = ("kind", "state", CountryFilter, StaleFilter)
    search_fields = ("name", "=country_a", "=country_b")
    search_help_text = "Name, country code (US) or country name (China)."
    actions = ["confirm_still_accurate"]
    inlines = [HistoryInline]
    add_fieldsets = (
        (None, {"fields": ("first_country", "second_country", "kind")}),
        ("About", {"fields": ("name", "description", "mechanisms", "stale_after_days")}),
    )
    fieldsets = (
        (None, {"fields": ("pair", "kind", "name", "description", "mechanisms")}),
        (
            "State",
            {
                "fields": (
                    "state_display",
                    "state_since",
                    "confirmed_at",
                    "stale_display",
                    "stale_after_days",
                ),
                "description": "The state is written only by recorded changes; "
                "“Still accurate” sets the confirmation date.",
            },
        ),
        (
            "News proposals",
            {
                "fields": ("auto_apply_sources", "auto_apply_window_hours"),
                "description": "By default an editor reviews every proposal read from the news.",
            },
        ),
    )
    readonly_fields = (
        "pair",
        "kind",
        "state_display",
        "state_since",
        "confirmed_at",
        "stale_display",
    )

    # --- columns ----------------------------------------------------------------------------

    @admin.display(description="Pair", ordering="country_a")
    def pair(self, obj: Channel) -> SafeString:
        return format_html(
            '<strong>{}</strong> <span class="quiet">{} – {}</span>',
            obj.pair_label,
            *(country.name for country in obj.countries),
        )

    @admin.display(description="State", ordering="state")
    def state_display(self, obj: Channel) -> SafeString:
        return state_badge(obj.state)

    @admin.display(description="Stale")
    def stale_display(self, obj: Channel) -> SafeString:
        if obj.is_stale():
            return mark_safe('<strong class="stale">stale</strong>')
        return mark_safe('<span class="quiet">fresh</span>')

    # --- add and change forms ---------------------------------------------------------------

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> list:
        return self.inlines if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Channel, form: Any, change: bool) -> None:
        if change:
            # Only the descriptive columns: saving the whole row could write back a state
            # that a change recorded meanwhile has replaced.
            fields = [f for f in form.changed_data if f in EDITABLE_FIELDS]
            if fields:
                obj.save(update_fields=fields)
            return
        a, b = form.cleaned_data["pair"]
        created = channel_create(
            country_a=a,
            country_b=b,
            kind=obj.kind,
            name=obj.name,
            description=obj.description,
            mechanisms=obj.mechanisms,
        )
        if obj.stale_after_days != created.stale_after_days:
            Channel.objects.filter(pk=created.pk).update(stale_after_days=obj.stale_after_days)
            created.stale_after_days = obj.stale_after_days
        for field in Channel._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Channel], search_term: str
    ) -> tuple[QuerySet[Channel], bool]:
        """Also match country names: "china" finds every channel with CN on either side."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().lower()
        if len(term) > 2:
            codes = [code for code, name in countries if term in name.lower()]
            if codes:
                results |= queryset.filter(Q(country_a__in=codes) | Q(country_b__in=codes))
        return results, may_have_duplicates

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None:
            context["can_record_change"] = can_record_change(request)
            context["audit_rows"] = audit_rows(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- "Still accurate" ------------------------------------------------------------------

    def has_record_change_permission(self, request: HttpRequest) -> bool:
        return can_record_change(request)

    @admin.action(
        description="Still accurate: confirm the selected channels' states",
        permissions=["record_change"],
    )
    def confirm_still_accurate(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        now = timezone.now()
        channels = list(queryset)
        for channel in channels:
            channel_confirm_state(channel=channel, now=now)
        confirmed = counted(len(channels), "channel", "channels")
        self.message_user(request, f"Confirmed the state of {confirmed}.")

    # --- custom views ----------------------------------------------------------------------

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "system-health/",
                view(self.system_health_view),
                name="{}_{}_system_health".format(*info),
            ),
            path(
                "<path:object_id>/record-change/",
                view(self.record_change_view),
                name="{}_{}_record_change".format(*info),
            ),
            path(
                "<path:object_id>/confirm/",
                view(self.confirm_view),
                name="{}_{}_confirm".format(*info),
            ),
            *super().get_urls(),
        ]

    def record_change_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        require_record_change(request)
        channel = self.get_object(request, unquote(object_id))
        if channel is None:
            return missing_object_redirect(self, request, object_id)
        form = RecordChangeForm(request.POST if request.method == "POST" else None)

        def record(form: RecordChangeForm) -> str:
            change = channel_set_state(
                channel=channel,
                state=form.cleaned_data["state"],
                effective_at=form.effective_at,
                origin=Origin.MANUAL,
                actor=request.user,
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
            )
            return (
                f"Recorded {change.old_state} → {change.new_state} on "
                f"{change.effective_at:%Y-%m-%d}. {channel} is now {channel.state}."
            )

        return service_form_view(
            self,
            request,
            obj=channel,
            form=form,
            call=record,
            title=f"Record a change: {channel}",
            context={"channel": channel},
            error_fields=EVIDENCE_ERRORS,
        )

    def confirm_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        require_record_change(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        channel = self.get_object(request, unquote(object_id))
        if channel is None:
            return missing_object_redirect(self, request, object_id)
        channel_confirm_state(channel=channel)
        self.message_user(
            request, f"Confirmed: {channel} is still {channel.state}.", messages.SUCCESS
        )
        return HttpResponseRedirect(change_url(self, channel))

    def system_health_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("channels_app.view_heartbeat"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "System health",
            "opts": self.opts,
            "lines": system_health(),
        }
        return TemplateResponse(request, "admin/channels_app/system_health.html", context)


def audit_rows(channel: Channel) -> list[ChangeAudit]:
    """The channel's corrections and removals, newest first, each with the fields it altered."""
    audits = list(
        ChangeAudit.objects.filter(change__channel=channel).select_related(
            "actor", "change__channel"
        )
    )
    for audit in audits:
        audit.diff = audit_diff(audit)  # type: ignore[attr-defined]
    return audits
