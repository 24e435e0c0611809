from django.contrib import admin
from django.urls import path

from channels_app.views import public

urlpatterns = [
    path("", public.dashboard, name="dashboard"),
    path("channels/<str:pair>/<str:kind>/", public.channel_detail, name="channel-detail"),
    path("admin/", admin.site.urls),
]
