from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quartier.accounts.models import User
from quartier.accounts.selectors import login_lockout_minutes_left
from quartier.accounts.services import login_failure_record, login_failures_clear


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


class LoginForm(forms.Form):
    """E-mail login that locks an address after repeated failures."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user_cache: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = (cleaned.get("email") or "").strip().lower()
        password = cleaned.get("password")
        if not email or not password:
            return cleaned
        minutes = login_lockout_minutes_left(email=email, ip_address=client_ip(self.request))
        if minutes:
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts. Please try again in %(minutes)d minute or reset your password.",
                    "Too many failed attempts. Please try again in %(minutes)d minutes or reset your password.",
                    minutes,
                ),
                code="locked_out",
                params={"minutes": minutes},
            )
        user = authenticate(self.request, username=email, password=password)
        if user is None or not user.is_active:
            login_failure_record(email=email, ip_address=client_ip(self.request))
            raise forms.ValidationError(
                _("The e-mail address or the password is not correct."), code="invalid_login"
            )
        login_failures_clear(email=email)
        self.user_cache = user  # type: ignore[assignment]
        return cleaned

    def get_user(self) -> User | None:
        return self.user_cache


class SetPasswordAndNameForm(forms.Form):
    """Used when an invited person creates their account."""

    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Repeat password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_password2(self) -> str:
        p1 = self.cleaned_data.get("password1")
        p2 = self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(
                _("The two passwords do not match."), code="password_mismatch"
            )
        if p2:
            password_validation.validate_password(
                p2, User(email=self.email, full_name=self.cleaned_data.get("full_name", ""))
            )
        return p2 or ""
