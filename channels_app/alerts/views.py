"""Public alert pages: subscribe, confirm, manage, unsubscribe. No login; signed links.

- GET never changes anything: mail scanners follow links. Confirming, saving and
  unsubscribing are POSTs from a button on the page the link opens.
- Answers never say whether an address is known: subscribing and asking for a manage link
  always end on the same "check your inbox" page.
- The subscribe form sits on public pages that may be cached, so it carries no CSRF token;
  it needs none (no session, nothing a forged request could do that the visitor could not
  do directly, and the per-client and per-address limits hold). Unsubscribing is exempt
  because RFC 8058 one-click POSTs come from mail providers, without cookies.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..net.clients import client_ip
from .forms import ManageForm, ManageLinkForm, SubscribeForm
from .models import Subscriber
from .services import scopes, subscriptions, tokens
from .services.subscriptions import client_allowed

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _rate_limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "alerts/rate_limited.html", status=429)
    response["Retry-After"] = str(settings.ALERTS_RATE_WINDOW_SECONDS)
    return response


def _bad_link(request: HttpRequest, error: tokens.BadToken, purpose: str) -> HttpResponse:
    context = {"expired": error.expired, "purpose": purpose, "form": ManageLinkForm()}
    return render(request, "alerts/bad_link.html", context, status=400)


@csrf_exempt
@never_cache
@GET_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = SubscribeForm(initial={"scope": request.GET.getlist("scope")})
        return _subscribe_page(request, form, request.GET.getlist("scope"))
    if not client_allowed(client_ip(request)):
        return _rate_limited(request)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _subscribe_page(request, form, request.POST.getlist("scope"), status=400)
    if not form.is_bot:
        subscriptions.subscription_request(
            email=form.cleaned_data["email"], keys=form.cleaned_data["scope"]
        )
    return redirect("alerts:sent")


def _subscribe_page(
    request: HttpRequest, form: SubscribeForm, asked: list[str], status: int = 200
) -> HttpResponse:
    chosen = [key for key in asked if _valid(key)]
    context = {
        "form": form,
        "chosen": list(scopes.labels(chosen).items()),
        "groups": scopes.dashboard_choices(),
    }
    return render(request, "alerts/subscribe.html", context, status=status)


def _valid(key: str) -> bool:
    try:
        scopes.validate(key)
    except scopes.InvalidScope:
        return False
    return True


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/sent.html")


@never_cache
@GET_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = tokens.read(tokens.CONFIRM, token)
    except tokens.BadToken as error:
        return _bad_link(request, error, "confirm")
    keys = [k for k in link.data.get("scopes", []) if isinstance(k, str)]
    if request.method != "POST" and link.subscriber.has_confirmed(keys):
        context = {**_manage_context(link.subscriber), "already": True}
        return render(request, "alerts/confirmed.html", context)
    if request.method != "POST":
        context = {"subscriber": link.subscriber, "scopes": scopes.labels(keys).values()}
        return render(request, "alerts/confirm.html", context)
    subscriber = subscriptions.subscription_confirm(subscriber=link.subscriber, keys=keys)
    return render(request, "alerts/confirmed.html", _manage_context(subscriber))


@never_cache
@GET_POST
def manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = tokens.read(tokens.MANAGE, token)
    except tokens.BadToken as error:
        return _bad_link(request, error, "manage")
    subscriber = link.subscriber
    if request.method != "POST":
        form = ManageForm(initial={"mode": subscriber.mode})
        return render(request, "alerts/manage.html", _manage_context(subscriber, form))
    form = ManageForm(request.POST)
    if not form.is_valid():
        context = _manage_context(subscriber, form)
        return render(request, "alerts/manage.html", context, status=400)
    subscriptions.subscription_update(
        subscriber=subscriber, keys=form.cleaned_data["keys"], mode=form.cleaned_data["mode"]
    )
    messages.success(request, "Your alerts are saved.")
    return redirect(request.path)


def _manage_context(subscriber: Subscriber, form: ManageForm | None = None) -> dict:
    keys = list(subscriber.scopes.filter(confirmed_at__isnull=False).values_list("key", flat=True))
    form = form or ManageForm(initial={"mode": subscriber.mode})
    kept = form.data.getlist("scope") if isinstance(form.data, QueryDict) else keys
    return {
        "subscriber": subscriber,
        "form": form,
        "mode": form.data.get("mode") if form.is_bound else subscriber.mode,
        "scopes": [(key, text, key in kept) for key, text in scopes.labels(keys).items()],
        "groups": scopes.dashboard_choices(),
        "modes": Subscriber.Mode.choices,
        "manage_token": tokens.make(tokens.MANAGE, subscriber),
        "unsubscribe_token": tokens.make(tokens.UNSUBSCRIBE, subscriber),
    }


@csrf_exempt
@never_cache
@GET_POST
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = tokens.read(tokens.UNSUBSCRIBE, token)
    except tokens.BadToken as error:
        return _bad_link(request, error, "unsubscribe")
    if request.method != "POST":
        return render(request, "alerts/unsubscribe.html", {"subscriber": link.subscriber})
    subscriptions.subscription_unsubscribe(subscriber=link.subscriber)
    return render(request, "alerts/unsubscribed.html", {"subscriber": link.subscriber})


@csrf_exempt
@never_cache
@GET_POST
def manage_request(request: HttpRequest) -> HttpResponse:
    """Ask for a fresh manage link by address (old links expire)."""
    if request.method != "POST":
        return render(request, "alerts/manage_request.html", {"form": ManageLinkForm()})
    if not client_allowed(client_ip(request)):
        return _rate_limited(request)
    form = ManageLinkForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/manage_request.html", {"form": form}, status=400)
    subscriptions.manage_link_ask(email=form.cleaned_data["email"])
    return redirect(reverse("alerts:sent"))
