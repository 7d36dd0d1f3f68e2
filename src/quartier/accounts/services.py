from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quartier.accounts.models import LoginFailure, User
from quartier.audit.services import audit_record


@transaction.atomic
def user_create(
    *, email: str, full_name: str, password: str | None, is_superuser: bool = False
) -> User:
    if is_superuser:
        user = User.objects.create_superuser(email=email, password=password, full_name=full_name)
    else:
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
    audit_record(action="user.created", target=user)
    return user


@transaction.atomic
def login_failure_record(*, email: str, ip_address: str | None) -> None:
    email = email.strip().lower()
    LoginFailure.objects.create(email=email, ip_address=ip_address or None)
    # Keep the table small: failures older than one lockout window carry no weight.
    LoginFailure.objects.filter(
        created_at__lt=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES * 4)
    ).delete()
    from quartier.accounts.selectors import login_lockout_minutes_left

    if login_lockout_minutes_left(email=email, ip_address=ip_address):
        audit_record(action="login.locked_out", data={"email": email, "ip": ip_address})


@transaction.atomic
def login_failures_clear(*, email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


@transaction.atomic
def password_reset_completed(*, user: User) -> None:
    """A reset proves the owner of the address: lift the lockout the message sent them to."""
    login_failures_clear(email=user.email)
    audit_record(action="password.reset", actor=user, target=user)


@transaction.atomic
def account_settings_save(*, user: User, full_name: str, language: str, reminders: bool) -> User:
    user.full_name, user.language, user.reminders = full_name.strip(), language, reminders
    user.save(update_fields=["full_name", "language", "reminders"])
    audit_record(action="user.updated", actor=user, target=user, data={"reminders": reminders})
    return user
