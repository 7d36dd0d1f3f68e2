"""All event addresses: the team's under the organisation, the participants' short ones."""

from django.urls import include, path

from quartier.events.views import exports, participant, staff

app_name = "events"

team_patterns = [
    path("p/<slug:process_slug>/new/", staff.event_create, name="create"),
    path("<int:pk>/", staff.console, name="console"),
    path("<int:pk>/projector/", staff.projector, name="projector"),
    path("<int:pk>/phase/", staff.set_phase, name="set_phase"),
    path("<int:pk>/close/", staff.close_event, name="close"),
    path("<int:pk>/retention/", staff.set_retention, name="retention"),
    path("<int:pk>/grid/", staff.group_grid, name="grid"),
    path("<int:pk>/walk-in/", staff.walk_in, name="walk_in"),
    path("<int:pk>/pairs/", staff.start_pairs, name="start_pairs"),
    path("<int:pk>/export/<str:table>.csv", exports.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("<int:pk>/protocol.pdf", exports.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/plans/<str:plan>-<str:kind>.pdf", exports.plan_pdf, name="plan_pdf"),
]

urlpatterns = [
    path("o/<slug:org_slug>/events/", include(team_patterns)),
    path("j/", participant.enter_code, name="enter_code"),
    path("j/<str:code>/", participant.join, name="join"),
    path("e/<str:code>/", participant.room, name="room"),
    path("e/<str:code>/cards/", participant.post_card, name="post_card"),
    path("e/<str:code>/support/", participant.support_card, name="support"),
    path("e/<str:code>/vote/", participant.vote, name="vote"),
    path("e/<str:code>/unvote/", participant.unvote, name="unvote"),
    path("e/<str:code>/ballot/", participant.ballot, name="ballot"),
    path("e/<str:code>/groups/join/", participant.join_group, name="join_group"),
    path("e/<str:code>/groups/wishes/", participant.set_wishes, name="set_wishes"),
    path("e/<str:code>/suggest/", participant.suggest, name="suggest"),
    path("e/<str:code>/live/", participant.catch_up, name="catch_up"),
]
