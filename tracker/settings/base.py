"""Settings shared by every environment; each value can come from the environment.

A fresh clone runs on these defaults: SQLite, Celery's filesystem broker under var/,
local-memory cache, console email.
"""

import ipaddress
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured

from tracker.logging import logging_config

# Generic Django classes (ModelAdmin[Feed], ModelForm[Feed]) at runtime, as mypy reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Where /about/ tells readers to report an error (empty: the page says to ask the editors).
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_celery_beat",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "channels_app",
    "channels_app.alerts",
    "channels_app.api",
]

MIDDLEWARE = [
    "tracker.logging.RequestIdMiddleware",
    "channels_app.ops.metrics.RequestMetricsMiddleware",
    "tracker.not_found.SiteNotFoundMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tracker.framing.FrameAncestorsMiddleware",  # only the channel widget may be framed
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers from web, worker and beat share one file: wait for the lock instead of failing.
    # In WAL mode synchronous=NORMAL is SQLite's advice: no corruption on a crash, at most
    # the last commits lost on a power cut, and no disk flush at every commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # tracker.cache: a Redis outage is a cache miss (logged once), not an error page.
    CACHES = {
        "default": {
            "BACKEND": "tracker.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.25),
                "RETRY_AFTER": env.float("REDIS_RETRY_AFTER", default=2.0),
                # Cached pages (channels_app/caching/pages.py) are keyed by the data version,
                # so each process may keep copies: a hit then costs no round trip.
                "LOCAL_COPY_PREFIXES": ["page:"],
                "LOCAL_COPY_MAX_BYTES": env.int("PAGE_CACHE_LOCAL_BYTES", default=32 * 2**20),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tracker",
            "TIMEOUT": 300,
        }
    }
# Public pages (channels_app/caching/pages.py): how long a rendered page is kept. Its key
# changes with every committed edit, so this only bounds memory, not staleness.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
# How long a process trusts its last reading of the public-pages version (a database row):
# an edit committed in another process shows there within this many seconds (0: every
# request reads it; the process that commits sees its own edit at once).
PUBLIC_PAGES_VERSION_MAX_AGE = env.float("PUBLIC_PAGES_VERSION_MAX_AGE", default=0.1)
# Set by the deploy (e.g. the git commit): a new release gets new page keys and ETags.
RELEASE = env.str("RELEASE", default="")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
FORMAT_MODULE_PATH = ["tracker.formats"]  # 24-hour times (the site states UTC)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Email
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Channel Tracker <alerts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: JSON only, late acks so a killed worker's task is redelivered (Redis visibility
# timeout), hard and soft time limits so one stuck task cannot hold a worker forever.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Exchange tables; kombu's default is ./control, which lands in the checkout.
        "control_folder": str(_broker_dir / "control"),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Must exceed the longest task (time limit) so a running task is never redelivered twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    }

# Product settings
TRACKER_STALE_DAYS_DEFAULT = env.int("TRACKER_STALE_DAYS_DEFAULT", default=90)
TRACKER_HEARTBEAT_INTERVAL_SECONDS = env.int("TRACKER_HEARTBEAT_INTERVAL_SECONDS", default=60)
# Up to this many channels (after the filters) the dashboard shows them all on one page;
# above it, pages of TRACKER_DASHBOARD_PAGE_SIZE, the most severe and recent first.
TRACKER_DASHBOARD_ONE_PAGE_MAX = env.int("TRACKER_DASHBOARD_ONE_PAGE_MAX", default=100)
TRACKER_DASHBOARD_PAGE_SIZE = env.int("TRACKER_DASHBOARD_PAGE_SIZE", default=50)

# Logs (tracker/logging.py): plain lines by default, one JSON object per line with
# LOG_FORMAT=json; both carry the request id, user id and task id where known. Workers use
# the same configuration.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
# LOG_FILE: every record to that file, only warnings and errors to the console (the Procfile's
# worker and beat, so that `make run` shows the web's requests and the console emails).
LOG_FILE = env.str("LOG_FILE", default="")
if LOG_FILE:
    Path(LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
LOGGING = logging_config(
    log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"), log_file=LOG_FILE
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker has no host: kombu's "No hostname was supplied" on every
    # connection says nothing.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}

# Operators (channels_app/ops): /healthz is open; /readyz and /metrics answer these addresses
# or networks, or a client sending "Authorization: Bearer <METRICS_TOKEN>".
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
try:  # a typo must stop the start, not turn every scrape into an error page
    [ipaddress.ip_network(entry, strict=False) for entry in METRICS_ALLOWED_IPS]
except ValueError as exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from exc
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Where every process of this host writes its counters (prometheus-client multiprocess mode;
# set it in the environment of gunicorn and the Celery worker alike, and empty it at start).
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
# Probes speak plain HTTP to the app: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Error reporting (tracker/sentry.py): only with a DSN; nothing is imported or sent without.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from tracker import sentry

    sentry.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=RELEASE,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Outbound HTTP (channels_app/net/http.py): private addresses are refused unless this is on
# (local demo feeds and tests only; never in production).
OUTBOUND_ALLOW_PRIVATE_ADDRESSES = env.bool("OUTBOUND_ALLOW_PRIVATE_ADDRESSES", default=False)
DEMO_FEEDS_ENABLED = env.bool("DEMO_FEEDS_ENABLED", default=False)
OUTBOUND_USER_AGENT = env.str(
    "OUTBOUND_USER_AGENT",
    default="ChannelTracker/0.1 (+https://github.com/channel-tracker; crisis-channel news poller)",
)
OUTBOUND_MAX_BODY_BYTES = env.int("OUTBOUND_MAX_BODY_BYTES", default=10 * 1024 * 1024)

# Installed into django-celery-beat's database by its DatabaseScheduler at start-up.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "channels_app.heartbeat",
        "schedule": float(TRACKER_HEARTBEAT_INTERVAL_SECONDS),
        "options": {"expires": TRACKER_HEARTBEAT_INTERVAL_SECONDS},
    },
}

# Kosovo under the code the EU, the IMF and news wires use (ISO 3166 leaves it user-assigned).
COUNTRIES_OVERRIDE = {"US": "United States", "XK": "Kosovo"}

# News polling (channels_app/news/services/polling.py)
FEEDS_DISPATCH_BATCH = env.int("FEEDS_DISPATCH_BATCH", default=200)
FEEDS_MAX_PER_HOST = env.int("FEEDS_MAX_PER_HOST", default=2)
FEEDS_CLAIM_SECONDS = env.int("FEEDS_CLAIM_SECONDS", default=600)
FEEDS_JITTER_SECONDS = env.int("FEEDS_JITTER_SECONDS", default=20)
FEEDS_DISABLE_AFTER_DAYS = env.int("FEEDS_DISABLE_AFTER_DAYS", default=7)
FEEDS_FETCH_TIMEOUT_SECONDS = env.float("FEEDS_FETCH_TIMEOUT_SECONDS", default=10.0)
FEEDS_FETCH_DEADLINE_SECONDS = env.float("FEEDS_FETCH_DEADLINE_SECONDS", default=30.0)
# How often a process asks whether editors changed the actor dictionary (one indexed query;
# channels_app/news/actor_source.py): an admin edit reaches the workers within this + a poll.
NEWS_ACTORS_CHECK_SECONDS = env.float("NEWS_ACTORS_CHECK_SECONDS", default=30.0)
# A proposal applies itself (where its channel allows) only on articles the detector read
# with at least this calibrated confidence (news/detect/lang/<code>/calibration.json).
NEWS_AUTO_APPLY_MIN_CONFIDENCE = env.float("NEWS_AUTO_APPLY_MIN_CONFIDENCE", default=0.9)
# A poll stores at most this many new entries, newest first (the rest on the next polls),
# and starts no new batch of them after this many seconds: under the poll task's 60 s soft
# time limit, whatever the size of the document.
FEEDS_MAX_NEW_ENTRIES_PER_POLL = env.int("FEEDS_MAX_NEW_ENTRIES_PER_POLL", default=5000)
FEEDS_POLL_BUDGET_SECONDS = env.float("FEEDS_POLL_BUDGET_SECONDS", default=40.0)
CELERY_BEAT_SCHEDULE["dispatch-feeds"] = {
    "task": "channels_app.dispatch_feeds",
    "schedule": 60.0,
    "options": {"expires": 55},
}

# REST API (channels_app/api): Bearer tokens or the admin session, roles checked per view,
# one error format, rate limits per client (anonymous: per address).
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="120/minute")
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="1200/minute")
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)  # summary.json and badges
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "channels_app.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["channels_app.api.auth.RolePermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "channels_app.api.throttling.AnonThrottle",
        "channels_app.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_ANON, "user": API_THROTTLE_USER},
    # Clients behind this many trusted proxies are told apart by X-Forwarded-For.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=None),
    "DEFAULT_PAGINATION_CLASS": "channels_app.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "channels_app.api.schema.ApiAutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "channels_app.api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Channel Tracker API",
    "DESCRIPTION": (
        "Crisis-communication channels between countries: their states, history and "
        "evidence. Reading is open to all (rate-limited). A read-write token "
        "(`Authorization: Bearer ct_…`) lets an editor record changes and review the news, "
        "and any token holder register webhooks and manage their own email subscription. "
        "Errors always look like "
        '`{"error": {"code": "...", "message": "...", "details": {...}}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StateEnum": "channels_app.models.choices.State",
        "KindEnum": "channels_app.models.choices.Kind",
        "OriginEnum": "channels_app.models.choices.Origin",
    },
}
# Swagger UI and Redoc from local static files (no CDN) when drf-spectacular-sidecar is there.
import importlib.util  # noqa: E402

if importlib.util.find_spec("drf_spectacular_sidecar"):
    INSTALLED_APPS += ["drf_spectacular_sidecar"]
    SPECTACULAR_SETTINGS.update(
        SWAGGER_UI_DIST="SIDECAR", SWAGGER_UI_FAVICON_HREF="SIDECAR", REDOC_DIST="SIDECAR"
    )

# Change alerts (channels_app/alerts): double opt-in links, rate limits, the delivery outbox.
ALERTS_FROM_EMAIL = env.str("ALERTS_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
ALERTS_CONFIRM_MAX_AGE_HOURS = env.int("ALERTS_CONFIRM_MAX_AGE_HOURS", default=72)
ALERTS_MANAGE_MAX_AGE_DAYS = env.int("ALERTS_MANAGE_MAX_AGE_DAYS", default=90)
ALERTS_UNSUBSCRIBE_MAX_AGE_DAYS = env.int("ALERTS_UNSUBSCRIBE_MAX_AGE_DAYS", default=365)
ALERTS_RATE_WINDOW_SECONDS = env.int("ALERTS_RATE_WINDOW_SECONDS", default=3600)
ALERTS_RATE_PER_CLIENT = env.int("ALERTS_RATE_PER_CLIENT", default=20)
ALERTS_RATE_PER_ADDRESS = env.int("ALERTS_RATE_PER_ADDRESS", default=3)
ALERTS_EMAIL_BATCH = env.int("ALERTS_EMAIL_BATCH", default=100)
ALERTS_DIGEST_BATCH = env.int("ALERTS_DIGEST_BATCH", default=100)
ALERTS_WEBHOOK_BATCH = env.int("ALERTS_WEBHOOK_BATCH", default=50)
ALERTS_WEBHOOK_CONCURRENCY = env.int("ALERTS_WEBHOOK_CONCURRENCY", default=10)
ALERTS_WEBHOOK_TIMEOUT_SECONDS = env.float("ALERTS_WEBHOOK_TIMEOUT_SECONDS", default=5.0)
ALERTS_WEBHOOK_DEADLINE_SECONDS = env.float("ALERTS_WEBHOOK_DEADLINE_SECONDS", default=10.0)
ALERTS_WEBHOOK_MAX_RESPONSE_BYTES = env.int("ALERTS_WEBHOOK_MAX_RESPONSE_BYTES", default=65536)
ALERTS_WEBHOOK_DISABLE_AFTER_HOURS = env.int("ALERTS_WEBHOOK_DISABLE_AFTER_HOURS", default=24)
ALERTS_CHAT_BATCH = env.int("ALERTS_CHAT_BATCH", default=50)  # Slack, Teams, Discord, ...
ALERTS_CHAT_CONCURRENCY = env.int("ALERTS_CHAT_CONCURRENCY", default=10)
ALERTS_SMTP_TIMEOUT_SECONDS = env.float("ALERTS_SMTP_TIMEOUT_SECONDS", default=20.0)
ALERTS_MARK_SENT_EVERY = env.int("ALERTS_MARK_SENT_EVERY", default=20)
ALERTS_MAX_ATTEMPTS = env.int("ALERTS_MAX_ATTEMPTS", default=8)
ALERTS_RETRY_BASE_SECONDS = env.int("ALERTS_RETRY_BASE_SECONDS", default=80)
# A claim must outlive the task holding it (sender time limit), and the broker's visibility
# timeout must exceed both, or a slow batch would be handed to a second worker.
ALERTS_SENDER_TIME_LIMIT = env.int("ALERTS_SENDER_TIME_LIMIT", default=150)
ALERTS_CLAIM_SECONDS = env.int("ALERTS_CLAIM_SECONDS", default=300)
ALERTS_SWEEP_GRACE_SECONDS = env.int("ALERTS_SWEEP_GRACE_SECONDS", default=60)
ALERTS_SWEEP_MAX_TASKS = env.int("ALERTS_SWEEP_MAX_TASKS", default=50)
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=7)  # UTC
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["alerts-sweep"] = {
    "task": "alerts.sweep",
    "schedule": 60.0,
    "options": {"expires": 55},
}
CELERY_BEAT_SCHEDULE["alerts-daily-digest"] = {
    "task": "alerts.queue_digests",
    "schedule": crontab(minute=0, hour=ALERTS_DIGEST_HOUR),
}
