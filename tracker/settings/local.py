"""Local development: debug on, embedded defaults from base."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# Static files straight from the app folders, no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo feeds are served by this app on 127.0.0.1: local settings only.
OUTBOUND_ALLOW_PRIVATE_ADDRESSES = env.bool("OUTBOUND_ALLOW_PRIVATE_ADDRESSES", default=True)
DEMO_FEEDS_ENABLED = env.bool("DEMO_FEEDS_ENABLED", default=True)
