"""Recorded changes, their evidence and audit trail: read-only lists, plus the audited
"Correct" and "Remove" forms (services.changes.change_correct / change_remove)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils.safestring import SafeString

from ..models import ChangeAudit, Evidence, StateChange
from ..services.changes import change_correct, change_correct_evidence, change_remove
from ..services.health import counted
from .channels import evidence_links, removed_label, transition
from .common import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    audit_diff,
    can_record_change,
    change_url,
    missing_object_redirect,
    require_record_change,
    service_form_view,
)
from .filters import RemovedFilter
from .forms import CorrectChangeForm, CorrectEvidenceForm, RemoveChangeForm
from .importing import import_urls

# The writer's refusals of an evidence correction, on the form field they are about.
EVIDENCE_CORRECTION_ERRORS = {
    "no_evidence": "add",
    "bad_evidence_url": "add",
    "duplicate_evidence": "add",
    "unknown_evidence": "remove",
}


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("link", "outlet", "title", "published_at")
    readonly_fields = fields

    @admin.display(description="URL")
    def link(self, obj: Evidence) -> SafeString | str:
        return evidence_links([obj])


class AuditInline(ReadOnlyInline):
    model = ChangeAudit
    verbose_name_plural = "Audit trail"
    fields = ("at", "actor", "action", "reason", "before_after")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChangeAudit]:
        return super().get_queryset(request).select_related("actor", "change__channel")

    @admin.display(description="Before → after")
    def before_after(self, obj: ChangeAudit) -> SafeString:
        return audit_diff(obj)


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "effective_at",
        "channel",
        "transition",
        "origin",
        "actor",
        "recorded_at",
        "removed",
    )
    list_filter = (
        "origin",
        "channel__kind",
        ("channel", admin.RelatedOnlyFieldListFilter),
        "new_state",
        RemovedFilter,
    )
    list_select_related = ("channel", "actor")
    search_fields = ("note", "channel__name")
    fields = (
        "channel",
        "transition",
        "effective_at",
        "recorded_at",
        "origin",
        "actor",
        "note",
        "removed_at",
        "alerts",
        "alert_processed_at",
    )
    readonly_fields = ("transition",)
    inlines = [EvidenceInline, AuditInline]

    @admin.display(description="Change")
    def transition(self, obj: StateChange) -> SafeString:
        return transition(obj)

    @admin.display(description="Removed")
    def removed(self, obj: StateChange) -> str:
        return removed_label(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["can_record_change"] = can_record_change(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            *import_urls(self),
            path(
                "<path:object_id>/correct/",
                view(self.correct_view),
                name="{}_{}_correct".format(*info),
            ),
            path(
                "<path:object_id>/evidence/",
                view(self.evidence_view),
                name="{}_{}_evidence".format(*info),
            ),
            path(
                "<path:object_id>/remove/",
                view(self.remove_view),
                name="{}_{}_remove".format(*info),
            ),
            *super().get_urls(),
        ]

    def _active_change(self, request: HttpRequest, object_id: str) -> StateChange | HttpResponse:
        change = self.get_object(request, unquote(object_id))
        if change is None:
            return missing_object_redirect(self, request, object_id)
        if change.removed_at is not None:
            self.message_user(request, "This change was removed; it is history.", messages.ERROR)
            return HttpResponseRedirect(change_url(self, change))
        return change

    def correct_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        require_record_change(request)
        change = self._active_change(request, object_id)
        if isinstance(change, HttpResponse):
            return change
        data = request.POST if request.method == "POST" else None
        form = CorrectChangeForm(data, change=change)

        def correct(form: CorrectChangeForm) -> str:
            change_correct(
                change=change,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **form.corrections(),
            )
            return f"Corrected. {change.channel} is now {change.channel.state}."

        return service_form_view(
            self,
            request,
            obj=change,
            form=form,
            call=correct,
            title=f"Correct a change: {change}",
            context={"change": change},
        )

    def evidence_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        require_record_change(request)
        change = self._active_change(request, object_id)
        if isinstance(change, HttpResponse):
            return change
        data = request.POST if request.method == "POST" else None
        form = CorrectEvidenceForm(data, change=change)

        def correct(form: CorrectEvidenceForm) -> str:
            change_correct_evidence(
                change=change,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                add=form.cleaned_data["add"],
                remove=form.removed_ids,
            )
            cited = counted(change.evidence.count(), "source", "sources")
            return f"Sources corrected. The change now cites {cited}."

        return service_form_view(
            self,
            request,
            obj=change,
            form=form,
            call=correct,
            title=f"Correct the sources of a change: {change}",
            context={"change": change, "submit_label": "Correct the sources"},
            error_fields=EVIDENCE_CORRECTION_ERRORS,
        )

    def remove_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        require_record_change(request)
        change = self._active_change(request, object_id)
        if isinstance(change, HttpResponse):
            return change
        form = RemoveChangeForm(request.POST if request.method == "POST" else None)

        def remove(form: RemoveChangeForm) -> str:
            change_remove(change=change, actor=request.user, reason=form.cleaned_data["reason"])
            return f"Removed. {change.channel} is now {change.channel.state}."

        return service_form_view(
            self,
            request,
            obj=change,
            form=form,
            call=remove,
            title=f"Remove a change: {change}",
            context={"change": change, "submit_label": "Remove this change"},
        )


@admin.register(ChangeAudit)
class ChangeAuditAdmin(ReadOnlyAdmin):
    list_display = ("at", "change", "action", "actor", "reason", "before_after")
    list_filter = ("action",)
    list_select_related = ("change__channel", "actor")
    search_fields = ("reason",)
    fields = ("at", "change", "action", "actor", "reason", "before_after")
    readonly_fields = fields

    @admin.display(description="Before → after")
    def before_after(self, obj: ChangeAudit) -> SafeString:
        return audit_diff(obj)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("link", "outlet", "title", "published_at", "change")
    list_select_related = ("change__channel",)
    search_fields = ("url", "outlet", "title")

    @admin.display(description="URL")
    def link(self, obj: Evidence) -> SafeString | str:
        return evidence_links([obj])
