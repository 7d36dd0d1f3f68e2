import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_logs_in_and_shows_the_empty_process_list(
    live_server, page, login, organisation, admin, assert_accessible
):
    login(page, admin.email)
    assert page.get_by_role("heading", name="Prozesse", exact=True).is_visible()
    assert page.get_by_text("Noch keine Prozesse").is_visible()
    assert_accessible(page)
