"""The demo feeds (channels_app/demo/feeds/), served to this app's own poller in local
development: /demo-feeds/<name>.xml, only when DEMO_FEEDS_ENABLED (local settings), their
fictional items dated relative to today (demo.loader.dated_as_of)."""

from datetime import UTC

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from ..demo.loader import demo_feed_document


@require_safe
def demo_feed(request: HttpRequest, name: str) -> HttpResponse:
    """The feed document with its ETag and Last-Modified; 304 to a conditional GET that
    already has it; 404 when demo feeds are off or for a name not in the fixed list."""
    today = timezone.now().astimezone(UTC).date()
    document = demo_feed_document(name, today=today) if settings.DEMO_FEEDS_ENABLED else None
    if document is None:
        raise Http404("No such demo feed.")
    last_modified = http_date(document.last_modified.timestamp())
    response = get_conditional_response(
        request, etag=document.etag, last_modified=int(document.last_modified.timestamp())
    ) or HttpResponse(document.body, content_type=document.content_type)
    response.headers["ETag"] = document.etag
    response.headers["Last-Modified"] = last_modified
    return response
