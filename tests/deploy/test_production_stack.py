"""The README's production set-up, run for real: nginx in front of two `quartier serve`
workers with DEBUG off, on PostgreSQL and Redis, using deploy/nginx.conf unchanged
but for its placeholders.

This runs in the PostgreSQL pass of `make test` (which .ci/run starts together with
Redis); it needs QUARTIER_TEST_DATABASE_URL, QUARTIER_TEST_REDIS_URL and nginx.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _require(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run this test through `make test` / .ci/run")
    return value


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not come up within {timeout} s")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    database_url = _require("QUARTIER_TEST_DATABASE_URL")
    redis_url = _require("QUARTIER_TEST_REDIS_URL")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed (scripts/system-packages.sh installs it)")
    workdir = tmp_path_factory.mktemp("stack")
    database = f"quartier_deploy_{os.getpid()}"
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"QUARTIER_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
        },
        "DEBUG": "false",
        "SECRET_KEY": "deploy-test-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # TLS ends at the proxy; this test speaks plain HTTP
        "DATABASE_URL": database_url.rsplit("/", 1)[0] + "/" + database,
        "REDIS_URL": redis_url,
        "QUARTIER_DATA_DIR": str(workdir / "data"),
        "STATIC_ROOT": str(workdir / "static"),
    }
    quartier = [sys.executable, "-m", "quartier"]
    for args in (
        ["manage", "migrate", "--noinput"],
        ["manage", "collectstatic", "--noinput"],
        ["demo"],
    ):
        subprocess.run(
            [*quartier, *args], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300
        )
    worker_ports = [_free_port(), _free_port()]
    workers = [
        subprocess.Popen(
            [*quartier, "serve", "--port", str(port), "--proxy-headers", "--log-level", "info"],
            env=env,
            cwd=ROOT,
            stdout=(workdir / f"worker-{port}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for port in worker_ports
    ]
    proxy_port = _free_port()
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    for placeholder, value in {
        "@LISTEN@": f"127.0.0.1:{proxy_port}",
        "@SERVER_NAME@": "localhost",
        "@STATIC_ROOT@": str(workdir / "static"),
        "@WORKER_1@": f"127.0.0.1:{worker_ports[0]}",
        "@WORKER_2@": f"127.0.0.1:{worker_ports[1]}",
    }.items():
        config = config.replace(placeholder, value)
    (workdir / "logs").mkdir()
    # pytest's temporary directories are private to their owner, so nginx's workers must
    # run as that owner to read the collected static files.
    user_line = "user root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        user_line + f"pid {workdir}/nginx.pid; error_log {workdir}/logs/error.log; daemon off;\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log {workdir}/logs/access.log; client_body_temp_path {workdir}/body; "
        f"proxy_temp_path {workdir}/proxy; fastcgi_temp_path {workdir}/fcgi; uwsgi_temp_path {workdir}/uwsgi; "
        f"scgi_temp_path {workdir}/scgi; types {{ text/css css; application/javascript js; image/svg+xml svg; }}\n"
        f"{config}\n}}\n"
    )
    proxy = subprocess.Popen(
        [nginx, "-c", str(workdir / "nginx.conf"), "-p", str(workdir)], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{proxy_port}"
    try:
        for port in worker_ports:
            _wait_for(f"http://127.0.0.1:{port}/healthz")
        _wait_for(base + "/healthz")
        yield {"base": base, "workdir": workdir, "worker_ports": worker_ports}
    finally:
        for process in (proxy, *workers):
            process.terminate()
        for process in (proxy, *workers):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_the_nginx_config_passes_nginx_own_syntax_check(stack):
    workdir = stack["workdir"]
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-c", str(workdir / "nginx.conf"), "-p", str(workdir)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_requests_through_the_proxy_reach_both_workers_and_the_database(stack):
    for _ in range(12):
        with urllib.request.urlopen(stack["base"] + "/healthz") as response:
            assert json.load(response) == {"status": "ok"}
    logs = [(stack["workdir"] / f"worker-{port}.log").read_text() for port in stack["worker_ports"]]
    assert all("GET /healthz" in log for log in logs), (
        "least_conn should spread requests over both workers"
    )


def test_the_proxy_serves_collected_static_files_itself(stack):
    with urllib.request.urlopen(stack["base"] + "/static/quartier/css/quartier.css") as response:
        assert response.status == 200
        assert "max-age=2592000" in response.headers["Cache-Control"]
        assert b"--q-primary" in response.read()


def test_the_demo_login_page_renders_in_german_with_production_headers(stack):
    with urllib.request.urlopen(stack["base"] + "/accounts/login/") as response:
        body = response.read().decode()
        assert "Anmelden" in body
        assert "Content-Security-Policy" in response.headers
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "csrftoken" in response.headers.get("Set-Cookie", "")
        assert "Secure" in response.headers.get("Set-Cookie", "")
