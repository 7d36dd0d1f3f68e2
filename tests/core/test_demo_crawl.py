"""Every page reachable from the demo answers without a server error, for each role and
for a visitor without an account: a newcomer clicks everywhere, and so does this test.

The crawl follows the links (``href``) of every HTML page it reaches within the site, with
GET only, so it also checks that no link leads to a page that breaks.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
#: Links that end the session or leave the pages (files and assets are fetched, not parsed).
SKIP = re.compile(r"^/(static|media)/|/logout/|^/admin/|^/ws/")
MAX_PAGES = 900


def _crawl(client, start: str) -> tuple[int, dict[str, tuple[int, str]]]:
    seen, queue, broken = {start}, deque([(start, "")]), {}
    visited = 0
    while queue and visited < MAX_PAGES:
        url, source = queue.popleft()
        response = client.get(url, follow=True)
        visited += 1
        if response.status_code >= 500:
            broken[url] = (response.status_code, source)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for raw in HREF.findall(response.content.decode()):
            link = urldefrag(unescape(raw))[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or SKIP.search(link):
                continue
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return visited, broken


#: Who crawls, and how many pages each reaches at least (a check that the crawl works).
ROLES = [
    ("admin@example.org", 300),
    ("organizer@example.org", 300),
    ("moderator@example.org", 100),
    ("participant@example.org", 10),  # their meetings and groups, through "Für mich"
    (None, 3),
]


def test_no_page_reachable_from_the_demo_breaks_for_any_role(client):
    """One demo for every role: building it is the slow part."""
    from quartier.accounts.models import User
    from quartier.core.demo import build_demo

    build_demo(log=lambda _line: None)
    reached, broken = {}, {}
    for email, _at_least in ROLES:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        reached[email], broken[email] = _crawl(client, "/")
    assert {email: n for email, n in reached.items() if n < dict(ROLES)[email]} == {}
    assert {email: pages for email, pages in broken.items() if pages} == {}
