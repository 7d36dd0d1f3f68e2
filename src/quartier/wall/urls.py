"""Wall moderation under the organisation; the public open-ends pages without login."""

from django.urls import include, path

from quartier.wall import console_views, open_end_review, views

app_name = "wall"

team_patterns = [
    path("e/<int:pk>/cards/<int:card_id>/edit/", views.card_edit, name="card_edit"),
    path("e/<int:pk>/cards/<int:card_id>/hide/", views.card_hide, name="card_hide"),
    path("e/<int:pk>/cards/<int:card_id>/unhide/", views.card_unhide, name="card_unhide"),
    path("e/<int:pk>/cards/<int:card_id>/pin/", views.card_pin, name="card_pin"),
    path("e/<int:pk>/cards/<int:card_id>/merge/", views.card_merge, name="card_merge"),
    path("e/<int:pk>/cards/<int:card_id>/split/", views.card_split, name="card_split"),
    path("e/<int:pk>/cards/<int:card_id>/tools/", console_views.card_tools, name="card_tools"),
    path(
        "e/<int:pk>/cards/<int:card_id>/merge-candidates/",
        console_views.merge_candidates,
        name="merge_candidates",
    ),
    path("e/<int:pk>/cards/similar/", console_views.similar_groups, name="similar_groups"),
    path("e/<int:pk>/cards/bulk/", console_views.cards_bulk, name="cards_bulk"),
    path("e/<int:pk>/voting/open/", views.voting_open, name="voting_open"),
    path("e/<int:pk>/voting/close/", views.voting_close, name="voting_close"),
    path("e/<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("e/<int:pk>/groups/assign/", views.groups_assign, name="groups_assign"),
    path("e/<int:pk>/groups/<int:group_id>/idea/", views.group_idea, name="group_idea"),
    path("e/<int:pk>/groups/<int:group_id>/standing/", views.group_standing, name="group_standing"),
    path("e/<int:pk>/open-ends/collect/", views.open_ends_collect, name="open_ends_collect"),
    path("e/<int:pk>/open-ends/revive/", views.open_end_revive, name="open_end_revive"),
    path(
        "p/<slug:process_slug>/open-ends/",
        open_end_review.open_end_register,
        name="open_end_register",
    ),
    *[
        path(
            f"p/<slug:process_slug>/open-ends/<int:pk>/{name.replace('_', '-')}/",
            getattr(open_end_review, f"open_end_{name}"),
            name=f"open_end_{name}",
        )
        for name in ("edit", "publish", "drop", "restore", "merge", "take_up", "bring_back")
    ],
]

urlpatterns = [
    path("o/<slug:org_slug>/wall/", include(team_patterns)),
    path(
        "offene-enden/<slug:org_slug>/<slug:process_slug>/",
        views.public_open_ends,
        name="open_ends",
    ),
    path(
        "offene-enden/<slug:org_slug>/<slug:process_slug>/<int:pk>/",
        views.public_open_end,
        name="open_end",
    ),
]
