from django.urls import path

from quartier.organisations import views

app_name = "organisations"

urlpatterns = [
    path("new/", views.organisation_create, name="create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:org_slug>/settings/", views.organisation_edit, name="edit"),
    path("<slug:org_slug>/members/", views.member_list, name="members"),
    path(
        "<slug:org_slug>/members/<int:membership_id>/role/",
        views.member_set_role,
        name="member_set_role",
    ),
    path(
        "<slug:org_slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:org_slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:org_slug>/audit/", views.audit_log, name="audit_log"),
]
