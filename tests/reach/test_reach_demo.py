import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_builds_people_places_targets_and_an_interview_campaign():
    from quartier.interviews.demo import integration_interviews
    from quartier.interviews.models import Campaign
    from quartier.processes.demo import organisation_and_team, processes
    from quartier.reach.coverage import focus_coverage, matrix
    from quartier.reach.demo import people_places_and_targets
    from quartier.reach.models import Contact, OneToOne, Place

    context: dict = {}
    for step in (
        organisation_and_team,
        processes,
        people_places_and_targets,
        integration_interviews,
    ):
        step(context)
    organisation = context["organisation"]
    assert Contact.objects.filter(organisation=organisation).count() == 31
    assert {p.kind for p in Place.objects.filter(organisation=organisation)} >= {
        "parish",
        "mosque",
        "club",
    }
    assert OneToOne.objects.filter(organisation=organisation).count() == 6
    rows = matrix(organisation=organisation)
    assert [row.level for row in rows] == ["high", "medium", "low"]
    assert any(cell.target_group.is_focus for cell in rows[2].cells)
    reached, members = focus_coverage(organisation=organisation)
    assert 0 < reached < members
    campaign = Campaign.objects.get(organisation=organisation)
    assert campaign.target_count == 50 and campaign.interviews.count() == 12
    assert campaign.questions.get(is_opening=True).text == "Was verstehen Sie unter Integration?"
    assert campaign.themes.count() >= 5
