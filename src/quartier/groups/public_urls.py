from django.urls import path

from quartier.groups import views

app_name = "groups_public"

urlpatterns = [
    path("gruppen/<slug:org_slug>/<slug:process_slug>/", views.public_group_list, name="list"),
    path(
        "gruppen/<slug:org_slug>/<slug:process_slug>/<int:pk>/",
        views.public_group_detail,
        name="detail",
    ),
]
