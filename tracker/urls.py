from django.contrib import admin
from django.urls import include, path

from channels_app.views import badges, demo_feeds, public
from channels_app.views import country as country_views
from channels_app.views import feeds as feed_views
from channels_app.views.caching import cached_page

urlpatterns = [
    path("", cached_page(public.dashboard), name="dashboard"),
    path(
        "channels/<str:pair>/<str:kind>/",
        cached_page(public.channel_detail),
        name="channel-detail",
    ),
    path("countries/", country_views.countries_index, name="countries"),
    path("countries/<str:code>/", country_views.country_detail, name="country-detail"),
    path("live/dashboard/", public.dashboard_live, name="dashboard-live"),
    path("live/channels/<str:pair>/<str:kind>/", public.channel_live, name="channel-live"),
    path("feeds/changes.atom", feed_views.all_changes, name="feed-changes"),
    path(
        "feeds/channels/<str:pair>/<str:kind>.atom", feed_views.channel_changes, name="feed-channel"
    ),
    path("feeds/pairs/<str:pair>.atom", feed_views.pair_changes, name="feed-pair"),
    path("feeds/countries/<str:code>.atom", feed_views.country_changes, name="feed-country"),
    path("badge/<str:pair>/<str:kind>.svg", badges.badge_svg, name="badge-svg"),
    path("badge/<str:pair>/<str:kind>.json", badges.badge_json, name="badge-json"),
    path("api/", include("channels_app.api.urls")),
    path("alerts/", include("channels_app.alerts.urls")),
    path("review/", include("channels_app.urls_review")),
    path("admin/", admin.site.urls),
    path("demo-feeds/<slug:name>.xml", demo_feeds.demo_feed, name="demo-feed"),
    path("", include("channels_app.ops.urls")),
]
