"""/api/: v1 endpoints, the OpenAPI schema and the interactive docs. Any other path under
/api/ answers 404 in the API's error format."""

from typing import Any

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from ..news import api as editors
from . import errors, integrations, subscriptions, views, webhooks
from .schema_view import SchemaView

app_name = "api"

LIST: dict[str, Any] = {"get": "list"}
DETAIL: dict[str, Any] = {"get": "retrieve"}
PK = "<int:pk>/"

v1: list[URLPattern | URLResolver] = [
    path("", views.RootView.as_view(), name="root"),
    path("channels/", views.ChannelViewSet.as_view(LIST), name="channel-list"),
    path(
        "channels/<str:pair>/<str:kind>/",
        views.ChannelViewSet.as_view(DETAIL),
        name="channel-detail",
    ),
    path(
        "changes/",
        views.ChangeViewSet.as_view({"get": "list", "post": "create"}),
        name="change-list",
    ),
    path(f"changes/{PK}", views.ChangeViewSet.as_view(DETAIL), name="change-detail"),
    path("countries/", views.CountryViewSet.as_view(LIST), name="country-list"),
    path("countries/<str:code>/", views.CountryViewSet.as_view(DETAIL), name="country-detail"),
    path("summary.json", views.SummaryView.as_view(), name="summary"),
    path(
        "feeds/",
        editors.FeedViewSet.as_view({"get": "list", "post": "create"}),
        name="feed-list",
    ),
    path(f"feeds/{PK}", editors.FeedViewSet.as_view(DETAIL), name="feed-detail"),
    path("articles/", editors.ArticleViewSet.as_view(LIST), name="article-list"),
    path(f"articles/{PK}", editors.ArticleViewSet.as_view(DETAIL), name="article-detail"),
    path("proposals/", editors.ProposalViewSet.as_view(LIST), name="proposal-list"),
    path(f"proposals/{PK}", editors.ProposalViewSet.as_view(DETAIL), name="proposal-detail"),
    path(
        f"proposals/{PK}accept/",
        editors.ProposalViewSet.as_view({"post": "accept"}),
        name="proposal-accept",
    ),
    path(
        f"proposals/{PK}reject/",
        editors.ProposalViewSet.as_view({"post": "reject"}),
        name="proposal-reject",
    ),
    path(
        "webhooks/",
        webhooks.WebhookViewSet.as_view({"get": "list", "post": "create"}),
        name="webhook-list",
    ),
    path(
        f"webhooks/{PK}",
        webhooks.WebhookViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="webhook-detail",
    ),
    path(
        f"webhooks/{PK}test/",
        webhooks.WebhookViewSet.as_view({"post": "test"}),
        name="webhook-test",
    ),
    path(
        f"webhooks/{PK}attempts/",
        webhooks.WebhookViewSet.as_view({"get": "attempts"}),
        name="webhook-attempts",
    ),
    path(
        f"webhooks/{PK}rotate-secret/",
        webhooks.WebhookViewSet.as_view({"post": "rotate_secret"}),
        name="webhook-rotate-secret",
    ),
    path(
        "integrations/",
        integrations.IntegrationViewSet.as_view({"get": "list", "post": "create"}),
        name="integration-list",
    ),
    path(
        f"integrations/{PK}",
        integrations.IntegrationViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="integration-detail",
    ),
    path(
        f"integrations/{PK}test/",
        integrations.IntegrationViewSet.as_view({"post": "test"}),
        name="integration-test",
    ),
    path(
        f"integrations/{PK}attempts/",
        integrations.IntegrationViewSet.as_view({"get": "attempts"}),
        name="integration-attempts",
    ),
    path("subscription/", subscriptions.SubscriptionView.as_view(), name="subscription"),
    path(
        "subscribers/",
        subscriptions.SubscriberViewSet.as_view(LIST),
        name="subscriber-list",
    ),
    path("export/", include("channels_app.api.export_urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^(?P<path>[\s\S]*)$", errors.not_found),  # any path, newlines too
]
