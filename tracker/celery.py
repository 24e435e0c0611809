import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.local")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# News is a package of the channels_app app, not an app of its own: name its tasks module.
app.autodiscover_tasks(["channels_app.news"])
