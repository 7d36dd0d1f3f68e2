"""Standing groups: the team's pages under the organisation, the public join pages."""

from django.urls import include, path

from quartier.groups import views

app_name = "groups"

team_patterns = [
    path("p/<slug:process_slug>/", views.group_list, name="list"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/requests/<int:request_id>/", views.join_request_decide, name="decide"),
]

urlpatterns = [
    path("o/<slug:org_slug>/groups/", include(team_patterns)),
    path(
        "gruppen/<slug:org_slug>/<slug:process_slug>/", views.public_group_list, name="public_list"
    ),
    path(
        "gruppen/<slug:org_slug>/<slug:process_slug>/<int:pk>/",
        views.public_group_detail,
        name="public_detail",
    ),
]
