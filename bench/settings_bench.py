"""Settings for bench/dashboard.py: the base settings as production runs them (DEBUG off,
persistent database connections, Redis cache from REDIS_URL) plus a trivial baseline view."""

from tracker.settings.base import *  # noqa: F403
from tracker.settings.base import DATABASES, LOGGING

DEBUG = False
ROOT_URLCONF = "bench.urls_bench"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# One connection per worker, kept: what production should do (DATABASE_URL ?conn_max_age=60).
DATABASES["default"]["CONN_MAX_AGE"] = 60
LOGGING["root"]["level"] = "WARNING"
STATIC_ROOT = None  # no collectstatic for a benchmark: WhiteNoise finds the app's files
WHITENOISE_USE_FINDERS = True
