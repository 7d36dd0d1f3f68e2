import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from quartier.config.environment import env_bool, env_int, env_list


def test_booleans_accept_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("Q_FLAG", "Yes")
    assert env_bool("Q_FLAG") is True
    monkeypatch.setenv("Q_FLAG", "off")
    assert env_bool("Q_FLAG", default=True) is False


def test_a_malformed_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("Q_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="Q_FLAG"):
        env_bool("Q_FLAG")


def test_a_malformed_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("Q_NUM", "zehn")
    with pytest.raises(ImproperlyConfigured, match="Q_NUM"):
        env_int("Q_NUM", 3)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("Q_HOSTS", " a.example , b.example,,")
    assert env_list("Q_HOSTS") == ["a.example", "b.example"]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("this pass runs on PostgreSQL; the SQLite pass checks the pragmas")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert "journal_mode=WAL" in options["init_command"]


def _django(args, **env):
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "quartier.config.settings", **env}
    full_env.pop("QUARTIER_TESTING", None)
    full_env.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set by the browser fixtures, refused in deployment
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-value",
        ALLOWED_HOSTS="quartier.example",
        QUARTIER_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _django(
        ["check"], DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="x", QUARTIER_DATA_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_database_url_switches_to_postgresql(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup(); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "quartier.config.settings",
            "DATABASE_URL": "postgres://u:p@db.example:5432/quartier",
            "QUARTIER_DATA_DIR": str(tmp_path),
        },
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "quartier"], result.stderr


def test_a_redis_url_switches_the_channel_layer_and_cache(tmp_path):
    code = (
        "from django.conf import settings; print(settings.CHANNEL_LAYERS['default']['BACKEND']); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "quartier.config.settings",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "QUARTIER_DATA_DIR": str(tmp_path),
        },
    )
    assert result.stdout.split() == [
        "channels_redis.core.RedisChannelLayer",
        "django.core.cache.backends.redis.RedisCache",
    ], result.stderr
