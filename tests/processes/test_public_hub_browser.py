"""Someone scans the QR code on a flyer: the process's public start page opens on a phone
and leads to what the process has published."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_opens_the_shared_address_and_finds_the_open_groups(
    live_server, new_page, assert_accessible, process, admin
):
    from django.urls import reverse

    from quartier.processes.services import publication_set

    publication_set(process=process, actor=admin, page="groups", published=True)
    publication_set(process=process, actor=admin, page="volunteers", published=True)
    phone = new_page(width=360, height=740)
    phone.goto(
        live_server.url
        + reverse("processes_public:hub", args=[process.organisation.slug, process.slug])
    )
    assert phone.get_by_role("heading", name=process.title).is_visible()
    assert phone.get_by_role("heading", name="Mitmachen").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.get_by_role("link", name="Feste Gruppen").click()
    phone.wait_for_url(
        f"**{reverse('groups:public_list', args=[process.organisation.slug, process.slug])}"
    )
    assert_accessible(phone)
