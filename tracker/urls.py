from django.contrib import admin
from django.urls import include, path

from channels_app.views import feeds as feed_views
from channels_app.views import demo_feeds, public

urlpatterns = [
    path("", public.dashboard, name="dashboard"),
    path("channels/<str:pair>/<str:kind>/", public.channel_detail, name="channel-detail"),
    path("feeds/changes.atom", feed_views.all_changes, name="feed-changes"),
    path(
        "feeds/channels/<str:pair>/<str:kind>.atom", feed_views.channel_changes, name="feed-channel"
    ),
    path("feeds/pairs/<str:pair>.atom", feed_views.pair_changes, name="feed-pair"),
    path("feeds/countries/<str:code>.atom", feed_views.country_changes, name="feed-country"),
    path("review/", include("channels_app.urls_review")),
    path("admin/", admin.site.urls),
    path("demo-feeds/<slug:name>.xml", demo_feeds.demo_feed, name="demo-feed"),
]
