"""Fixtures shared by the whole suite: people, organisations, and a real Chromium.

Browser tests use Debian's /usr/bin/chromium through Playwright; nothing downloads a
browser. ``DJANGO_ALLOW_ASYNC_UNSAFE`` is needed because Playwright's sync API runs an
event loop in the test thread while the test also touches the database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("QUARTIER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE = (Path(__file__).parent / "browser" / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct-horse-battery"


# --- people and organisations ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters (live room, lottery codes, public contact forms) live in the
    cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    """The password every ``make_user`` account gets."""
    return PASSWORD


@pytest.fixture
def make_user(db: Any) -> Any:
    from quartier.accounts.models import User

    counter = {"n": 0}

    def make(email: str | None = None, name: str = "", password: str = PASSWORD) -> User:
        counter["n"] += 1
        email = email or f"user{counter['n']}@example.org"
        return User.objects.create_user(
            email=email, password=password, full_name=name or f"Person {counter['n']}"
        )

    return make


@pytest.fixture
def make_member(make_user: Any) -> Any:
    from quartier.organisations.models import Membership

    def make(organisation: Any, role: str, email: str | None = None, name: str = "") -> Any:
        user = make_user(email=email, name=name)
        Membership.objects.create(organisation=organisation, user=user, role=role)
        return user

    return make


@pytest.fixture
def organisation(make_user: Any) -> Any:
    from quartier.organisations.services import organisation_create

    founder = make_user(email="founder@example.org", name="Frieda Gründer")
    return organisation_create(name="Stadtteilzentrum Nord", creator=founder)


@pytest.fixture
def admin(organisation: Any) -> Any:
    return organisation.memberships.get(role="admin").user


@pytest.fixture
def process(organisation: Any, admin: Any) -> Any:
    from quartier.processes.services import process_create

    return process_create(
        organisation=organisation, actor=admin, title="Offene Versammlung Nordkiez", area="Nordkiez"
    )


# --- reach: people inside and outside a moderated group --------------------------------------


@pytest.fixture
def reach(organisation: Any, admin: Any, process: Any, make_member: Any) -> SimpleNamespace:
    """One person per role, a contact inside a moderated group and one outside it."""
    from quartier.groups.models import Group, GroupMember
    from quartier.reach.services import contact_create

    organizer = make_member(organisation, "organizer", email="orga@example.org", name="Olga Orga")
    moderator = make_member(organisation, "moderator", email="mod@example.org", name="Mo Moderat")
    participant = make_member(
        organisation, "participant", email="teil@example.org", name="Tim Teil"
    )
    inside = contact_create(
        organisation=organisation,
        actor=organizer,
        full_name="Ayşe Yıldız",
        email="ayse.yildiz@example.org",
        phone="+49 170 5550101",
        neighbourhood="Nordkiez",
        languages="de, tr",
        legal_basis="consent",
        consent_given_on=date(2026, 1, 10),
    )
    outside = contact_create(
        organisation=organisation,
        actor=organizer,
        full_name="Bernd Außenseiter",
        email="bernd@example.org",
        legal_basis="legitimate_interest",
    )
    group = Group.objects.create(
        process=process, title="Gartengruppe Nordkiez", moderator=moderator
    )
    GroupMember.objects.create(group=group, contact=inside)
    return SimpleNamespace(
        organisation=organisation,
        process=process,
        admin=admin,
        organizer=organizer,
        moderator=moderator,
        participant=participant,
        inside=inside,
        outside=outside,
        group=group,
    )


# --- browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; run `make system-packages` (Debian package chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Factory for pages in separate contexts (separate cookies), e.g. several phones at once."""
    contexts = []

    def make(*, width: int = 1280, height: int = 900, locale: str = "de-DE") -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        context.set_default_timeout(10_000)
        # A page load on a busy CI machine may take longer than a click's wait; a hung
        # navigation still fails.
        context.set_default_navigation_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (vendored) on the current page at WCAG 2.1 AA and return the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return list(result["violations"])


@pytest.fixture
def assert_accessible() -> Any:
    def check(page: Any) -> None:
        violations = axe_violations(page)
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n{details}"

    return check


@pytest.fixture
def login(live_server: Any) -> Any:
    def do_login(page: Any, email: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-Mail-Adresse").fill(email)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()

    return do_login
