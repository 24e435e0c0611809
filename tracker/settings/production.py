"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS, with ALLOWED_HOSTS=*
or with OUTBOUND_ALLOW_PRIVATE_ADDRESSES on; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
try:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        f"Production settings need SECRET_KEY and ALLOWED_HOSTS: {exc}"
    ) from exc
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts this site serves.")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the hosts this site serves, not '*': any Host header would "
        "be trusted (password-reset and alert links are built from it)."
    )
if OUTBOUND_ALLOW_PRIVATE_ADDRESSES:  # noqa: F405
    raise ImproperlyConfigured(
        "OUTBOUND_ALLOW_PRIVATE_ADDRESSES must be off in production: with it, anyone who may "
        "add a feed or a webhook can make the server fetch internal addresses (SSRF)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
