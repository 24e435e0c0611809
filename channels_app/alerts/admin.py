"""Alerts in the admin: subscribers with their scopes, webhooks and chat integrations (one
list, by transport) with their health (success rate, last error, why disabled), a "send a
test message" button and action, deliveries and attempts (read-only: the outbox is written
by the fan-out and the senders). Credentials are shown masked."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from ..admin.common import ReadOnlyAdmin
from ..admin.filters import ChoiceFilter
from .forms import WebhookForm
from .models import Delivery, Subscriber, SubscriberScope, Webhook, WebhookAttempt
from .services import endpoints, scopes, webhooks

SUCCESS_WINDOW = timedelta(days=30)


class ScopeForm(forms.ModelForm):
    class Meta:
        model = SubscriberScope
        fields = ("key", "confirmed_at")

    def clean_key(self) -> str:
        return scopes.parse(self.cleaned_data["key"]).key  # InvalidScope is a ValidationError


class ScopeInline(admin.TabularInline):
    model = SubscriberScope
    form = ScopeForm
    extra = 0
    fields = ("key", "confirmed_at", "created_at")
    readonly_fields = ("created_at",)


class ConfirmedFilter(ChoiceFilter):
    title = "status"
    parameter_name = "status"
    options = {
        "receiving": (
            "Receiving alerts",
            lambda rows: rows.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
        ),
        "unconfirmed": ("Not confirmed", lambda rows: rows.filter(confirmed_at__isnull=True)),
        "unsubscribed": ("Unsubscribed", lambda rows: rows.filter(unsubscribed_at__isnull=False)),
    }


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "status", "mode", "scope_list", "created_at")
    list_filter = (ConfirmedFilter, "mode")
    search_fields = ("email", "scopes__key")
    fields = ("email", "mode", "confirmed_at", "unsubscribed_at", "created_at")
    readonly_fields = ("created_at",)
    inlines = [ScopeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("scopes")

    @admin.display(description="Status")
    def status(self, obj: Subscriber) -> str:
        if obj.unsubscribed_at:
            return "Unsubscribed"
        return "Receiving" if obj.confirmed_at else "Not confirmed"

    @admin.display(description="Scopes")
    def scope_list(self, obj: Subscriber) -> str:
        return ", ".join(
            s.key if s.confirmed_at else f"{s.key} (unconfirmed)" for s in obj.scopes.all()
        )


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = (
        "name",
        "transport",
        "short_url",
        "owner",
        "active",
        "success_rate",
        "last_success_at",
        "short_error",
        "disabled_reason",
    )
    list_filter = ("active", "transport")
    search_fields = ("name", "owner_email", "owner__username")
    actions = ["send_test_event", "reenable"]
    change_form_template = "admin/alerts/webhook/change_form.html"
    health_fields = (
        "health",
        "last_success_at",
        "last_failure_at",
        "consecutive_failures",
        "failing_since",
        "last_error",
        "disabled_at",
        "disabled_reason",
    )
    readonly_fields = ("owner", *health_fields)
    list_select_related = ("owner",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "transport",
                    "url",
                    "target",
                    "scope_keys",
                    "owner",
                    "owner_email",
                    "active",
                )
            },
        ),
        (
            "Signing or token",
            {
                "fields": ("secret",),
                "description": "Standard Webhooks: give this secret to the receiver. Chat "
                "integrations: the service's token, write-only.",
            },
        ),
        ("Health", {"fields": health_fields, "description": "Written by the sender."}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        since = timezone.now() - SUCCESS_WINDOW
        recent = Q(attempts__at__gte=since, attempts__is_test=False)
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent_attempts=Count("attempts", filter=recent),
                recent_ok=Count("attempts", filter=recent & Q(attempts__ok=True)),
            )
        )

    @admin.display(description="URL")
    def short_url(self, obj: Webhook) -> str:
        return Truncator(endpoints.transport_of(obj).shown_url(obj)).chars(50)

    @admin.display(description="Success (30 days)")
    def success_rate(self, obj: Webhook) -> str:
        total, ok = getattr(obj, "recent_attempts", 0), getattr(obj, "recent_ok", 0)
        if not total:
            return "no attempts"
        return f"{100 * ok / total:.0f}% of {total}"

    @admin.display(description="Last error")
    def short_error(self, obj: Webhook) -> str:
        return Truncator(obj.last_error).chars(60)

    @admin.display(description="Attempts")
    def health(self, obj: Webhook) -> SafeString:
        url = reverse("admin:alerts_webhookattempt_changelist") + f"?webhook__id__exact={obj.pk}"
        return format_html('<a href="{}">Every attempt, newest first</a>', url)

    @admin.action(description="Send a test message")
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for hook in queryset:
            self.tell_test_outcome(request, hook)

    def tell_test_outcome(self, request: HttpRequest, hook: Webhook) -> None:
        outcome = endpoints.send_test_message(webhook=hook)
        what = "test event" if hook.transport == "webhook" else "test message"
        if outcome.ok:
            took = f"HTTP {outcome.status}, {outcome.duration_ms} ms"
            self.message_user(request, f"{hook}: {what} delivered ({took}).")
        else:
            self.message_user(request, f"{hook}: {what} failed: {outcome.error}", messages.ERROR)

    def get_urls(self) -> list[URLPattern]:
        test = path(
            "<int:pk>/test/",
            self.admin_site.admin_view(self.test_view),
            name="alerts_webhook_test",
        )
        return [test, *super().get_urls()]

    def test_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The change page's "Send a test message" button (a POST)."""
        hook = get_object_or_404(Webhook, pk=pk)
        back = reverse("admin:alerts_webhook_change", args=[pk])
        if request.method != "POST" or not self.has_change_permission(request, hook):
            return HttpResponseRedirect(back)
        self.tell_test_outcome(request, hook)
        return HttpResponseRedirect(back)

    @admin.action(description="Re-enable (clears the failure count)")
    def reenable(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for hook in queryset:
            webhooks.webhook_reenable(webhook=hook)
        self.message_user(request, f"Re-enabled {queryset.count()} webhook(s).", messages.SUCCESS)


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAdmin):
    list_display = ("at", "webhook", "ok", "status_code", "duration_ms", "short_error", "is_test")
    # Errors are stored with credentials redacted (services.endpoints.redact).
    list_filter = ("ok", "is_test", "webhook")
    list_select_related = ("webhook",)

    @admin.display(description="Error")
    def short_error(self, obj: WebhookAttempt) -> str:
        return Truncator(obj.error).chars(80)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "change",
        "recipient_display",
        "transport",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "transport")
    list_select_related = ("change__channel", "subscriber", "webhook")
    search_fields = ("subscriber__email", "webhook__name", "key")
    date_hierarchy = "created_at"

    @admin.display(description="Recipient")
    def recipient_display(self, obj: Delivery) -> str:
        return obj.reader.email if obj.subscriber_id else f"{obj.transport}: {obj.webhook}"

    @admin.display(description="Last error")
    def short_error(self, obj: Delivery) -> str:
        return Truncator(obj.last_error).chars(60)
