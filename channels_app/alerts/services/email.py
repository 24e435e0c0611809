"""Alert emails: rendered from templates (subject, text, HTML), sent in batches over one SMTP
connection, each with its idempotency key as Message-ID and RFC 8058 one-click unsubscribe.

A batch renders each change once. What differs per subscriber (address, Message-ID, manage
and unsubscribe links) goes in as marks replaced per message, in the rendered text for the
readable email and in the MIME bytes actually sent (services.merge): rendering templates
and building MIME per recipient would cost more than the SMTP send itself.
"""

import functools
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from ...models import StateChange
from ..models import Delivery, Subscriber
from . import links, merge, outbox, ratelimit
from .merge import BulkEmail
from .scopes import labels

logger = logging.getLogger(__name__)
MANAGE_MARK = "%%ALERTS-MANAGE-URL%%"
# The deliveries one email carries (one alert, or a subscriber's day for a digest).
Outgoing = tuple[list[Delivery], EmailMultiAlternatives]
UNSUBSCRIBE_MARK = "%%ALERTS-UNSUBSCRIBE-URL%%"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str

    def personalised(self, *, manage_url: str, unsubscribe_url: str) -> "Rendered":
        text, html = self.text, self.html
        for mark, url in ((MANAGE_MARK, manage_url), (UNSUBSCRIBE_MARK, unsubscribe_url)):
            text, html = text.replace(mark, url), html.replace(mark, escape(url))
        return Rendered(self.subject, text, html)


def render(name: str, context: dict[str, Any]) -> Rendered:
    """templates/alerts/email/<name>_subject.txt, <name>.txt and <name>.html."""
    subject = render_to_string(f"alerts/email/{name}_subject.txt", context)
    return Rendered(
        subject=" ".join(subject.split()),  # one line, whatever the template's whitespace
        text=render_to_string(f"alerts/email/{name}.txt", context),
        html=render_to_string(f"alerts/email/{name}.html", context),
    )


def change_context(change: StateChange) -> dict[str, Any]:
    channel = change.channel
    return {
        "change": change,
        "channel": channel,
        "countries": tuple(country.name for country in channel.countries),
        "old_state": change.get_old_state_display(),
        "new_state": change.get_new_state_display(),
        "evidence": list(change.evidence.all()),
        "channel_url": links.absolute(channel.get_absolute_url()),
        "site_url": settings.SITE_URL.rstrip("/"),
    }


def render_change(change: StateChange) -> Rendered:
    context = change_context(change)
    context.update(manage_url=MANAGE_MARK, unsubscribe_url=UNSUBSCRIBE_MARK)
    return render("change", context)


def message(
    rendered: Rendered, *, to: str, key: str, unsubscribe_url: str | None = None
) -> BulkEmail:
    """One email; `key` becomes its Message-ID, the same on every retry."""
    headers = {"Message-ID": f"<{key}@{links.mail_domain()}>", "Auto-Submitted": "auto-generated"}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = BulkEmail(
        rendered.subject, rendered.text, settings.ALERTS_FROM_EMAIL, [to], headers=headers
    )
    email.attach_alternative(rendered.html, "text/html")
    return email


def alert_template(rendered: Rendered) -> merge.Template | None:
    """The MIME bytes of one change's alert with marks where subscribers differ."""
    sample = message(
        rendered, to=merge.TO_MARK, key=merge.KEY_MARK, unsubscribe_url=UNSUBSCRIBE_MARK
    )
    in_bodies = rendered.text + rendered.html
    return merge.Template.build(
        sample,
        {
            merge.TO_MARK: 1,
            merge.KEY_MARK: 1,
            MANAGE_MARK: in_bodies.count(MANAGE_MARK),
            UNSUBSCRIBE_MARK: in_bodies.count(UNSUBSCRIBE_MARK) + 1,  # and List-Unsubscribe
        },
    )


def alert_message(
    delivery: Delivery, rendered: Rendered, template: merge.Template | None = None
) -> EmailMultiAlternatives:
    subscriber, key = delivery.reader, str(delivery.key)
    unsubscribe, manage = links.unsubscribe_url(subscriber), links.manage_url(subscriber)
    mine = rendered.personalised(manage_url=manage, unsubscribe_url=unsubscribe)
    email = message(mine, to=subscriber.email, key=key, unsubscribe_url=unsubscribe)
    if template is not None:
        email.raw = template.merge(
            {
                merge.TO_MARK: subscriber.email,
                merge.KEY_MARK: key,
                MANAGE_MARK: manage,
                UNSUBSCRIBE_MARK: unsubscribe,
            }
        )
    return email


def connection() -> BaseEmailBackend:
    return get_connection(timeout=settings.ALERTS_SMTP_TIMEOUT_SECONDS)


# --- the email sender ---------------------------------------------------------------------


def send_email_batch(*, now: datetime | None = None) -> int:
    """Claim one batch of due alert emails and send it over one SMTP connection. Returns how
    many were sent."""
    now = now or timezone.now()
    claim = outbox.claim(transport="email", limit=settings.ALERTS_EMAIL_BATCH, now=now)
    if not claim.deliveries:
        return 0
    live = claim.keep(
        lambda d: d.reader.receiving, "The subscriber unsubscribed before it was sent."
    )
    rendered: dict[int, Rendered] = {}
    templates: dict[int, merge.Template | None] = {}
    for delivery in live:
        if delivery.change_id not in rendered:
            rendered[delivery.change_id] = render_change(delivery.change)
            templates[delivery.change_id] = alert_template(rendered[delivery.change_id])
    outgoing = [
        ([d], alert_message(d, rendered[d.change_id], templates[d.change_id])) for d in live
    ]
    return send_all(outgoing, claim.token, now)


def send_all(outgoing: Sequence[Outgoing], token: Any, now: datetime) -> int:
    """Send over one connection, marking rows sent every ALERTS_MARK_SENT_EVERY messages
    (what a killed worker may send twice). A refused recipient fails alone; a lost or
    unreachable server sends the rest of the batch back for a later retry. Returns how many
    deliveries were marked sent."""
    sent: list[Delivery] = []
    total = 0
    remaining = list(outgoing)
    try:
        with connection() as smtp:
            while remaining:
                _send_one(smtp, remaining[0], token, now, sent)
                remaining.pop(0)
                if len(sent) >= settings.ALERTS_MARK_SENT_EVERY:
                    total += outbox.mark_sent(sent, token, now)
                    sent = []
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("alert email batch stopped: %r; %s left for retry", exc, len(remaining))
        for deliveries, _email in remaining:
            for delivery in deliveries:
                outbox.mark_failed(delivery, token, now, error=f"SMTP: {exc!r}", transient=True)
    finally:
        total += outbox.mark_sent(sent, token, now)
    return total


def _send_one(
    smtp: BaseEmailBackend, outgoing: Outgoing, token: Any, now: datetime, sent: list[Delivery]
) -> None:
    deliveries, email = outgoing
    try:
        _send(smtp, email)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
        if not _permanent(exc):
            raise
        for delivery in deliveries:
            outbox.mark_failed(
                delivery, token, now, error=f"SMTP refused: {exc!r}", transient=False
            )
    else:
        sent.extend(deliveries)


def _send(smtp: BaseEmailBackend, email: EmailMultiAlternatives) -> None:
    """A merged alert over SMTP goes straight to smtplib: Django's backend would parse both
    envelope addresses again for every message (half a millisecond, a third of what the
    rest of sending one costs). The sender is parsed once; the recipient, a stored address
    the merge took as it is (ASCII, no line breaks), only checked."""
    raw = getattr(email, "raw", None)
    if raw is None or not isinstance(smtp, SMTPBackend) or smtp.connection is None:
        smtp.send_messages([email])
        return
    [to] = email.recipients()
    smtp.connection.sendmail(envelope_sender(email.from_email), [envelope(to)], raw)


@functools.lru_cache(maxsize=8)
def envelope_sender(from_email: str) -> str:
    return sanitize_address(from_email, settings.DEFAULT_CHARSET)


def envelope(address: str) -> str:
    return sanitize_address(("", address), settings.DEFAULT_CHARSET)


def _permanent(exc: smtplib.SMTPException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return getattr(exc, "smtp_code", 0) >= 500


# --- one-off emails: confirmation, manage link --------------------------------------------


def send_confirmation(*, subscriber_id: int, keys: list[str]) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    context = {
        "subscriber": subscriber,
        "scopes": list(labels(keys).values()),
        "confirm_url": links.confirm_url(subscriber, keys),
        "manage_url": links.manage_url(subscriber) if subscriber.receiving else "",
        "hours": settings.ALERTS_CONFIRM_MAX_AGE_HOURS,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return send_rendered("confirm", context, subscriber.email)


def send_manage_link(*, subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    context = {
        "subscriber": subscriber,
        "manage_url": links.manage_url(subscriber),
        "days": settings.ALERTS_MANAGE_MAX_AGE_DAYS,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return send_rendered("manage_link", context, subscriber.email)


def send_manage_link_to_address(*, address: str) -> bool:
    """The manage-link form's request, in a worker (the form answers the same, in the same
    time, for any address): a fresh manage link if the address is known and within its
    rate limit."""
    if not ratelimit.address_allowed(address):
        return False
    subscriber = Subscriber.objects.filter(email=address).only("pk").first()
    return subscriber is not None and send_manage_link(subscriber_id=subscriber.pk)


def send_rendered(name: str, context: dict[str, Any], to: str) -> bool:
    """One email from templates/alerts/email/<name>*, on its own connection."""
    rendered = render(name, context)
    email = EmailMultiAlternatives(
        rendered.subject, rendered.text, settings.ALERTS_FROM_EMAIL, [to]
    )
    email.attach_alternative(rendered.html, "text/html")
    email.connection = connection()
    return bool(email.send())
