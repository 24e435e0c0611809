"""The admin's "Import history" page (admin/channels_app/statechange/import/): upload an
export file, see every problem with its line number, or what was imported. One service call:
services.history_import.import_history_file. Wired by StateChangeAdmin.get_urls."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode

from ..models import Origin
from ..services.history_import import ImportResult, import_history_file
from .common import require_record_change

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportHistoryForm(forms.Form):
    file = forms.FileField(
        help_text="A .csv or .json file in the format of /api/v1/export/changes.csv or .json."
    )
    dry_run = forms.BooleanField(
        required=False, label="Check only", help_text="Check the file and write nothing."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
                "use manage.py import_history."
            )
        return upload


def import_urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    info = model_admin.opts.app_label, model_admin.opts.model_name
    view = model_admin.admin_site.admin_view(partial(import_history_view, model_admin))
    return [path("import/", view, name="{}_{}_import".format(*info))]


def import_history_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    require_record_change(request)
    posted = request.method == "POST"
    form = ImportHistoryForm(request.POST if posted else None, request.FILES if posted else None)
    result: ImportResult | None = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_history_file(
            data=upload.read(),
            filename=upload.name,
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not result.dry_run:
            model_admin.message_user(request, summary(result), messages.SUCCESS)
            return HttpResponseRedirect(_imported_changes_url(model_admin))
    return TemplateResponse(
        request,
        "admin/channels_app/import_history.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "Import history",
            "form": form,
            "result": result,
            "summary": summary(result) if result and result.ok else "",
            "media": model_admin.media + form.media,
        },
    )


def summary(result: ImportResult) -> str:
    verb = "would be imported; nothing was written" if result.dry_run else "imported"
    return (
        f"{result.changes_created} changes {verb} "
        f"({result.channels_created} new channels, "
        f"{result.skipped_removed} removed changes skipped)."
    )


def _imported_changes_url(model_admin: admin.ModelAdmin) -> str:
    opts = model_admin.opts
    changelist = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist",
        current_app=model_admin.admin_site.name,
    )
    return f"{changelist}?{urlencode({'origin__exact': Origin.IMPORT})}"
