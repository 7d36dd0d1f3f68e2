from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartier.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"email": email, "password": password})


def test_it_logs_in_by_email_case_insensitively(client, make_user, password):
    make_user(email="kim@example.org")
    response = _login(client, "Kim@Example.org", password)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_it_rejects_a_wrong_password_with_a_message(client, make_user):
    make_user(email="kim@example.org")
    response = _login(client, "kim@example.org", "wrong-password")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.content.decode()
    assert LoginFailure.objects.filter(email="kim@example.org").count() == 1


def test_it_locks_out_after_repeated_failures_even_with_the_right_password(
    client, make_user, settings, password
):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user(email="kim@example.org")
    for _ in range(3):
        _login(client, "kim@example.org", "wrong-password")
    response = _login(client, "kim@example.org", password)
    assert response.status_code == 200
    assert "Zu viele Fehlversuche" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_it_unlocks_once_the_lockout_window_has_passed(client, make_user, settings, password):
    settings.LOGIN_FAILURE_LIMIT = 2
    make_user(email="kim@example.org")
    for _ in range(2):
        _login(client, "kim@example.org", "wrong-password")
    LoginFailure.objects.update(
        created_at=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    )
    assert _login(client, "kim@example.org", password).status_code == 302


def test_a_successful_login_clears_earlier_failures(client, make_user, password):
    make_user(email="kim@example.org")
    _login(client, "kim@example.org", "wrong-password")
    _login(client, "kim@example.org", password)
    assert not LoginFailure.objects.filter(email="kim@example.org").exists()


def test_it_logs_out_only_by_post(client, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not client.session.get("_auth_user_id")


def test_password_reset_sends_a_link_that_sets_a_new_password(client, make_user):
    make_user(email="kim@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "kim@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :]
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "ein-neues-passwort-42", "new_password2": "ein-neues-passwort-42"},
    )
    assert response.status_code == 302
    assert _login(client, "kim@example.org", "ein-neues-passwort-42").status_code == 302


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def _login_from(client, email, password, ip):
    return client.post(
        reverse("accounts:login"), {"email": email, "password": password}, REMOTE_ADDR=ip
    )


def test_a_lockout_from_one_ip_does_not_lock_the_owner_out_elsewhere(
    client, make_user, settings, password
):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user(email="admin@example.org")
    for _ in range(5):
        _login_from(client, "admin@example.org", "wrong", "203.0.113.9")
    locked = _login_from(client, "admin@example.org", password, "203.0.113.9")
    assert "Zu viele Fehlversuche" in locked.content.decode()
    assert _login_from(client, "admin@example.org", password, "198.51.100.7").status_code == 302


def test_spraying_many_addresses_from_one_ip_is_stopped(client, make_user, settings, password):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    make_user(email="kim@example.org")
    for n in range(6):
        _login_from(client, f"person{n}@example.org", "wrong", "203.0.113.9")
    blocked = _login_from(client, "kim@example.org", password, "203.0.113.9")
    assert "Zu viele Fehlversuche" in blocked.content.decode()
    assert _login_from(client, "kim@example.org", password, "198.51.100.7").status_code == 302


def test_a_successful_password_reset_lifts_the_lockout(client, make_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    make_user(email="kim@example.org")
    for _ in range(2):
        _login(client, "kim@example.org", "wrong-password")
    assert LoginFailure.objects.filter(email="kim@example.org").count() == 2
    client.post(reverse("accounts:password_reset"), {"email": "kim@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link[link.index("/accounts/reset/") :], follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "ganz-neues-passwort-9", "new_password2": "ganz-neues-passwort-9"},
    )
    assert not LoginFailure.objects.filter(email="kim@example.org").exists()
    assert _login(client, "kim@example.org", "ganz-neues-passwort-9").status_code == 302
