"""Pieces shared by the channel and change admins: state badges, read-only admins, and the
view that shows a form, calls one service and turns its refusals into form errors."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..models import ChangeAudit, State
from ..services.errors import ChangeRejected

RECORD_CHANGE_PERM = "channels_app.record_change"
FormT = TypeVar("FormT", bound=forms.Form)
# The writer's refusals about sources, shown on the form's evidence field.
EVIDENCE_ERRORS = {"no_evidence": "evidence", "bad_evidence_url": "evidence"}

# The badge is decoration: the state's name is always written next to it.
STATE_COLOURS: dict[str, str] = {
    State.OPEN: "#2e7d32",
    State.LIMITED: "#f9a825",
    State.SUSPENDED: "#ef6c00",
    State.SEVERED: "#c62828",
    State.UNKNOWN: "#9e9e9e",
}


def state_badge(state: str) -> SafeString:
    colour = STATE_COLOURS.get(state, STATE_COLOURS[State.UNKNOWN])
    label = State(state).label if state in State.values else state
    return format_html(
        '<span class="state state-{}" style="white-space:nowrap"><span aria-hidden="true" '
        'style="display:inline-block;'
        "width:.75em;height:.75em;border-radius:50%;margin-right:.35em;vertical-align:-.05em;"
        'background:{}"></span>{}</span>',
        state,
        colour,
        label,
    )


def audit_diff(audit: ChangeAudit) -> SafeString:
    """What an audited correction or removal altered, one line per field, readable:
    "State: Open → Suspended", "Sources: https://a → https://a, https://b"."""
    lines = format_html_join("", "<li><strong>{}</strong>: {} → {}</li>", audit.differences())
    if not lines:
        return mark_safe("—")
    return format_html('<ul class="audit-diff" style="margin:0;padding:0">{}</ul>', lines)


def can_record_change(request: HttpRequest) -> bool:
    return request.user.has_perm(RECORD_CHANGE_PERM)


def require_record_change(request: HttpRequest) -> None:
    if not can_record_change(request):
        raise PermissionDenied


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services (or by periodic work): list and view, nothing else."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def service_form_view(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    obj: Model,
    form: FormT,
    call: Callable[[FormT], str],
    title: str,
    template: str = "admin/channels_app/service_form.html",
    context: dict | None = None,
    error_fields: dict[str, str] | None = None,
) -> HttpResponse:
    """GET shows `form`; a valid POST runs `call(form)` (one service call returning the
    success message) and redirects to the object's page. A ChangeRejected becomes a form
    error (on the field `error_fields` names for its code, else on the form), and the
    service wrote nothing."""
    require_record_change(request)
    if request.method == "POST" and form.is_valid():
        try:
            message = call(form)
        except ChangeRejected as rejected:
            field = (error_fields or {}).get(str(rejected.code))
            form.add_error(field if field in form.fields else None, rejected)
        else:
            model_admin.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(change_url(model_admin, obj))
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": obj,
            "title": title,
            "form": form,
            "media": model_admin.media + form.media,
            "cancel_url": change_url(model_admin, obj),
            **(context or {}),
        },
    )


def missing_object_redirect(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str
) -> HttpResponse:
    name = model_admin.opts.verbose_name
    model_admin.message_user(
        request, f"There is no {name} with ID “{object_id}”.", messages.WARNING
    )
    return HttpResponseRedirect(reverse("admin:index", current_app=model_admin.admin_site.name))


def change_url(model_admin: admin.ModelAdmin, obj: Model) -> str:
    opts = model_admin.opts
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[obj.pk],
        current_app=model_admin.admin_site.name,
    )
