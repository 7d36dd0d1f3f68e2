from django.urls import path

from quartier.meetings.views import consultation, facilitation, planning, protocol, tools

app_name = "meetings"

urlpatterns = [
    path("", planning.meeting_list, name="list"),
    path("new/", planning.meeting_create, name="create"),
    path("<int:pk>/", planning.meeting_detail, name="detail"),
    path("<int:pk>/edit/", planning.meeting_edit, name="edit"),
    path("<int:pk>/invitees/", planning.invitees_add, name="invitees_add"),
    path(
        "<int:pk>/invitees/<int:invitee_pk>/attendance/",
        planning.attendance,
        name="attendance",
    ),
    path(
        "<int:pk>/invitees/<int:invitee_pk>/remove/",
        planning.invitee_remove,
        name="invitee_remove",
    ),
    path("<int:pk>/finish/", planning.meeting_finish, name="finish"),
    path("<int:pk>/calendar.ics", planning.calendar, name="calendar"),
    path("<int:pk>/invite/", planning.invitations_send, name="invite"),
    path("<int:pk>/plan/", facilitation.plan, name="plan"),
    path("<int:pk>/plan/add/", facilitation.plan_add, name="plan_add"),
    path(
        "<int:pk>/plan/<int:phase_pk>/<str:action>/",
        facilitation.plan_phase,
        name="plan_phase",
    ),
    path("<int:pk>/run/", facilitation.run, name="run"),
    path("<int:pk>/screen/", facilitation.screen, name="screen"),
    path("<int:pk>/state/", facilitation.state, name="state"),
    path("<int:pk>/timer/<str:action>/", facilitation.timer, name="timer"),
    path("<int:pk>/notes/<int:phase_pk>/", facilitation.notes_save, name="notes"),
    path("<int:pk>/topics/", tools.topic_add, name="topic_add"),
    path("<int:pk>/concerns/", tools.concern_add, name="concern_add"),
    path(
        "<int:pk>/concerns/<int:concern_pk>/delete/",
        tools.concern_delete,
        name="concern_delete",
    ),
    path("<int:pk>/summary/", tools.summary_save, name="summary"),
    path("<int:pk>/result/", tools.result_save, name="result"),
    path("<int:pk>/next-steps/", tools.next_step_add, name="next_step_add"),
    path("<int:pk>/agenda/", tools.agenda_add, name="agenda_add"),
    path("<int:pk>/decisions/", tools.decision_add, name="decision_add"),
    path("<int:pk>/consultation/", consultation.participant, name="participant"),
    path("<int:pk>/cases/", consultation.case_submit, name="case_submit"),
    path("<int:pk>/cases/select/", consultation.cases_select, name="cases_select"),
    path(
        "<int:pk>/cases/<int:case_pk>/withdraw/",
        consultation.case_withdraw,
        name="case_withdraw",
    ),
    path("<int:pk>/cases/<int:case_pk>/notes/", consultation.case_note, name="case_note"),
    path("<int:pk>/cases/<int:case_pk>/keep/", consultation.case_keep, name="case_keep"),
    path("<int:pk>/votes/", consultation.votes_cast, name="votes"),
    path("<int:pk>/split/", consultation.split, name="split"),
    path("<int:pk>/groups-<str:kind>.pdf", consultation.groups_pdf, name="groups_pdf"),
    path("<int:pk>/protocol/", protocol.protocol_view, name="protocol"),
    path("<int:pk>/protocol/finalize/", protocol.protocol_finalize, name="protocol_finalize"),
    path(
        "<int:pk>/protocol/regenerate/",
        protocol.protocol_regenerate,
        name="protocol_regenerate",
    ),
    path("<int:pk>/protocol.md", protocol.protocol_markdown, name="protocol_md"),
    path("<int:pk>/protocol.pdf", protocol.protocol_pdf_view, name="protocol_pdf"),
]
