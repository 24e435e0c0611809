"""Included by the API's urls at /api/v1/export/."""

from django.urls import path

from .export import ChangesCSVExport, ChangesJSONExport

urlpatterns = [
    path("changes.csv", ChangesCSVExport.as_view(), name="export-changes-csv"),
    path("changes.json", ChangesJSONExport.as_view(), name="export-changes-json"),
]
