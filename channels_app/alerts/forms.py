from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .models import Subscriber, Webhook
from .services import endpoints, scopes, webhooks
from .transports import registry
from .transports.registry import endpoint_choices


class ScopesField(forms.Field):
    """One or more scope keys (`scope` repeated in the POST), each validated against what is
    tracked; normalised and deduplicated."""

    widget = forms.SelectMultiple
    default_error_messages = {
        "required": "Choose what to be alerted about.",
        "too_many": "Choose at most %(limit)s scopes at a time.",
    }

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        return [str(v) for v in values if str(v).strip()]

    def clean(self, value: Any) -> list[str]:
        raw = self.to_python(value)
        if not raw and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(raw) > scopes.MAX_PER_REQUEST:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": scopes.MAX_PER_REQUEST},
            )
        return scopes.keys_of(raw, tracked=True)  # InvalidScope is a ValidationError


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a valid email address, like name@example.org.",
        },
    )
    scope = ScopesField()
    # A field people never see: bots that fill every field get the usual answer, and no email.
    website = forms.CharField(required=False)

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ManageForm(forms.Form):
    scope = ScopesField(required=False)
    add = ScopesField(required=False)
    mode = forms.ChoiceField(choices=Subscriber.Mode.choices, widget=forms.RadioSelect)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = list(dict.fromkeys([*data.get("scope", []), *data.get("add", [])]))
        if not keys and not self.errors:
            raise ValidationError(
                "Keep or add at least one scope, or unsubscribe from every alert below.",
                code="no_scopes",
            )
        data["keys"] = keys
        return data


class ManageLinkForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a valid email address, like name@example.org.",
        },
    )


class WebhookForm(forms.ModelForm):
    """The admin's form for webhooks and chat integrations: the transport's registry row
    checks the settings (the URL against the private-address guard, a webhook's secret, a
    Telegram chat id, a Matrix room, ...), and scopes are keys, one per line. Credentials
    are write-only: a saved token, or a URL that is itself the credential, is never put
    back in the form; left empty, it is kept."""

    transport = forms.ChoiceField(
        choices=endpoint_choices, required=False, initial="webhook", help_text=""
    )
    url = forms.CharField(label="URL", max_length=2000, required=False)
    secret = forms.CharField(
        label="Secret or token",
        max_length=512,
        required=False,
        help_text="Webhooks: whsec_… (one is generated for a new webhook). Telegram: the bot "
        "token. Matrix: the access token. ntfy: an optional token. Write-only for chat "
        "integrations.",
    )
    scope_keys = forms.CharField(
        label="Scopes",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="all",
        help_text="One per line: all, kind:military, country:CN, pair:CN-US, "
        "channel:CN-US:military.",
    )

    class Meta:
        model = Webhook
        fields = ("name", "transport", "url", "target", "owner_email", "secret", "active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, help_ in (
            ("url", "url_label", "url_help"),
            ("secret", "token_label", "token_help"),
            ("target", "target_label", "target_help"),
        ):
            self.fields[name].help_text = transports_help(label, help_)
        if self.instance.pk:
            self.initial["scope_keys"] = "\n".join(self.instance.scopes)
            endpoint = endpoints.transport_of(self.instance)
            if endpoint.secret_url:
                self.initial["url"] = ""
                self.fields[
                    "url"
                ].help_text = f"Saved: {endpoint.shown_url(self.instance)}. Leave empty to keep it."
            if self.instance.transport != "webhook":
                self.initial["secret"] = ""
                self.fields["secret"].widget = forms.PasswordInput(render_value=False)
                if self.instance.secret:
                    self.fields["secret"].help_text = (
                        f"Saved: {endpoints.mask_secret(self.instance.secret)}. "
                        "Leave empty to keep it."
                    )

    def clean_transport(self) -> str:
        return self.cleaned_data.get("transport") or self.instance.transport or "webhook"

    def clean_scope_keys(self) -> list[str]:
        lines = [line for line in self.cleaned_data["scope_keys"].splitlines() if line.strip()]
        if not lines:
            raise ValidationError("Give at least one scope (all for every change).")
        return scopes.keys_of(lines)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "transport" not in data:
            return data
        try:
            data.update(settings_checked(self.instance, data))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return data

    def save(self, commit: bool = True) -> Webhook:
        self.instance.scopes = self.cleaned_data["scope_keys"]
        return super().save(commit)


def transports_help(label: str, help_: str) -> str:
    """What each transport asks for in one field (its registry row's words)."""
    parts = []
    for row in registry.endpoint_transports():
        endpoint = row.endpoint
        if getattr(endpoint, label):
            detail = getattr(endpoint, help_)
            parts.append(
                f"{row.label}: {getattr(endpoint, label)}" + (f" ({detail})" if detail else "")
            )
    return "; ".join(parts) + "."


def settings_checked(instance: Webhook, data: dict[str, Any]) -> dict[str, str]:
    """The transport's check of url/secret/target, keeping a saved credential left empty and
    checking a URL again only when it changed (a saved one is checked at every send)."""
    transport = registry.get(data["transport"]).endpoint
    same = instance.pk is not None and instance.transport == data["transport"]
    url = (data.get("url") or "").strip()
    secret = (data.get("secret") or "").strip()
    if same and not url and transport.secret_url:
        url = instance.url
    if same and not secret and data["transport"] != "webhook":
        secret = instance.secret
    if instance.pk is None and secret == instance.secret and data["transport"] != "webhook":
        secret = ""  # the add form's generated webhook secret, which chat services do not use
    target = (data.get("target") or "").strip()
    if same and url == instance.url and target == instance.target:
        values = {"url": url, "secret": secret, "target": target}
        if data["transport"] == "webhook":
            try:
                webhooks.validate_secret(secret)
            except ValidationError as exc:
                raise ValidationError({"secret": exc.messages}) from None
        return values
    if not url and not transport.default_url:
        raise ValidationError({"url": "Enter the URL."})
    return transport.clean(url=url, secret=secret, target=target)
