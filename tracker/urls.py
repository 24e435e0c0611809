from django.contrib import admin
from django.urls import include, path, register_converter

from channels_app.caching.pages import cached_page, embedded
from channels_app.values import PairConverter
from channels_app.views import (
    about,
    badges,
    changes,
    demo_feeds,
    embed,
    public,
    search,
    trends,
    world_map,
)
from channels_app.views import atom as feed_views
from channels_app.views import country as country_views
from tracker.framing import framable

register_converter(PairConverter, "pair")

urlpatterns = [
    path("", cached_page(public.dashboard), name="dashboard"),
    path(
        "channels/<pair:pair>/<str:kind>/",
        cached_page(public.channel_detail),
        name="channel-detail",
    ),
    path(
        "channels/<pair:pair>/<str:kind>/card.png",
        cached_page(embed.share_image, stamp=embedded, embeddable=True),
        name="channel-card",
    ),
    # The one page other sites may frame (tracker.framing): every other keeps refusing.
    path(
        "embed/channels/<pair:pair>/<str:kind>/",
        framable(cached_page(embed.widget)),
        name="channel-widget",
    ),
    path(
        "live/embed/channels/<pair:pair>/<str:kind>/",
        cached_page(embed.widget_live),
        name="channel-widget-live",
    ),
    path("about/", cached_page(about.about), name="about"),
    path("countries/", cached_page(country_views.countries_index), name="countries"),
    path("countries/<str:code>/", cached_page(country_views.country_detail), name="country-detail"),
    path("changes/", cached_page(changes.changes_log), name="changes"),
    path("search/", cached_page(search.search), name="search"),
    path("map/", cached_page(world_map.world_map), name="world-map"),
    path("trends/", cached_page(trends.trends_page), name="trends"),
    path("live/dashboard/", cached_page(public.dashboard_live), name="dashboard-live"),
    path(
        "live/channels/<pair:pair>/<str:kind>/",
        cached_page(public.channel_live),
        name="channel-live",
    ),
    path("feeds/changes.atom", feed_views.all_changes, name="feed-changes"),
    path(
        "feeds/channels/<pair:pair>/<str:kind>.atom",
        feed_views.channel_changes,
        name="feed-channel",
    ),
    path("feeds/pairs/<pair:pair>.atom", feed_views.pair_changes, name="feed-pair"),
    path("feeds/countries/<str:code>.atom", feed_views.country_changes, name="feed-country"),
    path(
        "badge/<pair:pair>/<str:kind>.svg",
        cached_page(badges.badge_svg, stamp=embedded, embeddable=True),
        name="badge-svg",
    ),
    path(
        "badge/<pair:pair>/<str:kind>.json",
        cached_page(badges.badge_json, stamp=embedded, embeddable=True),
        name="badge-json",
    ),
    path("api/", include("channels_app.api.urls")),
    path("alerts/", include("channels_app.alerts.urls")),
    path("review/", include("channels_app.news.urls")),
    path("admin/", admin.site.urls),
    path("demo-feeds/<slug:name>.xml", demo_feeds.demo_feed, name="demo-feed"),
    path("", include("channels_app.ops.urls")),
]
