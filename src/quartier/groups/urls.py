"""Standing groups: the team's pages under the organisation, the public join pages, and
the participant's "stay in touch" page of an event."""

from django.urls import include, path

from quartier.groups.views import public, reports, stay_in_touch, team

app_name = "groups"

team_patterns = [
    path("p/<slug:process_slug>/", team.group_list, name="list"),
    path("p/<slug:process_slug>/report/", reports.report, name="report"),
    path("p/<slug:process_slug>/report.csv", reports.report_csv, name="report_csv"),
    path("p/<slug:process_slug>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("p/<slug:process_slug>/report.pdf", reports.report_pdf_view, name="report_pdf"),
    path("<int:pk>/", team.group_detail, name="detail"),
    path("<int:pk>/edit/", team.group_edit, name="edit"),
    path("<int:pk>/publish/", team.group_publish, name="publish"),
    path("<int:pk>/requests/<int:request_id>/", team.join_request_decide, name="decide"),
    path("<int:pk>/members/", team.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_id>/role/", team.member_role, name="member_role"),
    path("<int:pk>/members/<int:member_id>/remove/", team.member_remove, name="member_remove"),
    path("<int:pk>/tasks/", team.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:task_id>/done/", team.task_done, name="task_done"),
    path("<int:pk>/log/", team.log_note, name="log_note"),
    path("<int:pk>/meeting/", team.meeting_plan, name="meeting_plan"),
    path("<int:pk>/message/", team.message_send, name="message_send"),
    path("<int:pk>/meeting/<int:meeting_id>/remind/", team.meeting_remind, name="meeting_remind"),
]

urlpatterns = [
    path("o/<slug:org_slug>/groups/", include(team_patterns)),
    path("e/<str:code>/in-kontakt-bleiben/", stay_in_touch.stay_in_touch, name="stay_in_touch"),
    path(
        "gruppen/<slug:org_slug>/<slug:process_slug>/", public.public_group_list, name="public_list"
    ),
    path(
        "gruppen/<slug:org_slug>/<slug:process_slug>/<int:pk>/",
        public.public_group_detail,
        name="public_detail",
    ),
]
