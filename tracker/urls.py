from django.contrib import admin
from django.urls import include, path

from channels_app.views import public

urlpatterns = [
    path("", public.dashboard, name="dashboard"),
    path("channels/<str:pair>/<str:kind>/", public.channel_detail, name="channel-detail"),
    path("review/", include("channels_app.urls_review")),
    path("admin/", admin.site.urls),
]
