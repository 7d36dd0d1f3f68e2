"""Opinion maps: the team's pages under the event, the participants' under the join code."""

from django.urls import path

from quartier.topics import interview_views, online_views, views

app_name = "topics"

urlpatterns = [
    path("o/<slug:org_slug>/events/<int:pk>/opinions/", views.conversations, name="conversations"),
    path(
        "o/<slug:org_slug>/events/<int:pk>/opinions/<int:cid>/",
        views.conversation,
        name="conversation",
    ),
    path(
        "o/<slug:org_slug>/events/<int:pk>/opinions/<int:cid>/moderate/",
        views.moderate,
        name="moderate",
    ),
    path(
        "o/<slug:org_slug>/events/<int:pk>/opinions/<int:cid>/projector/",
        views.projector,
        name="projector",
    ),
    path(
        "o/<slug:org_slug>/events/<int:pk>/opinions/<int:cid>/export.csv",
        views.export_csv,
        name="export_csv",
    ),
    path(
        "o/<slug:org_slug>/events/<int:pk>/opinions/<int:cid>/report.pdf",
        views.export_pdf,
        name="export_pdf",
    ),
    path("o/<slug:org_slug>/events/<int:pk>/themes/", views.wall_themes, name="themes"),
    path("o/<slug:org_slug>/events/<int:pk>/themes/merge/", views.theme_merge, name="theme_merge"),
    path(
        "o/<slug:org_slug>/p/<slug:slug>/opinions/",
        online_views.conversations,
        name="process_conversations",
    ),
    path(
        "o/<slug:org_slug>/p/<slug:slug>/opinions/<int:cid>/",
        online_views.conversation,
        name="process_conversation",
    ),
    path(
        "o/<slug:org_slug>/p/<slug:slug>/opinions/<int:cid>/moderate/",
        online_views.moderate,
        name="process_moderate",
    ),
    path(
        "o/<slug:org_slug>/p/<slug:slug>/opinions/<int:cid>/export.csv",
        online_views.export_csv,
        name="process_export_csv",
    ),
    path(
        "o/<slug:org_slug>/p/<slug:slug>/opinions/<int:cid>/report.pdf",
        online_views.export_pdf,
        name="process_export_pdf",
    ),
    path("opinions/<str:token>/", online_views.online, name="online"),
    path(
        "o/<slug:org_slug>/interviews/<int:pk>/suggested-themes/",
        interview_views.interview_themes,
        name="interview_themes",
    ),
    path("e/<str:code>/opinions/", views.room_list, name="room_list"),
    path("e/<str:code>/opinions/<int:cid>/", views.vote, name="vote"),
]
