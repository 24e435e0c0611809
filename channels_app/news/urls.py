"""The editors' review queue, mounted at /review/ (tracker/urls.py)."""

from django.urls import path

from . import views as review

app_name = "review"

urlpatterns = [
    path("", review.queue, name="queue"),
    path("<int:pk>/", review.proposal_detail, name="proposal"),
    path("<int:pk>/accept/", review.accept, name="accept"),
    path("<int:pk>/reject/", review.reject, name="reject"),
]
