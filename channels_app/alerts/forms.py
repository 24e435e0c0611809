from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .models import Subscriber, Webhook
from .services import scopes, webhooks


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
    """The admin's webhook form: the URL is checked against the private-address guard, the
    secret against the Standard Webhooks format, and scopes are keys, one per line."""

    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    scope_keys = forms.CharField(
        label="Scopes",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="all",
        help_text="One per line: all, kind:military, country:CN, pair:CN-US, "
        "channel:CN-US:military.",
    )

    class Meta:
        model = Webhook
        fields = ("name", "url", "owner_email", "secret", "active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["scope_keys"] = "\n".join(self.instance.scopes)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if self.instance.pk is None or url != self.instance.url:
            webhooks.validate_url(url)
        return url

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"].strip()
        webhooks.validate_secret(secret)
        return secret

    def clean_scope_keys(self) -> list[str]:
        lines = [line for line in self.cleaned_data["scope_keys"].splitlines() if line.strip()]
        if not lines:
            raise ValidationError("Give at least one scope (all for every change).")
        return scopes.keys_of(lines)

    def save(self, commit: bool = True) -> Webhook:
        self.instance.scopes = self.cleaned_data["scope_keys"]
        return super().save(commit)
