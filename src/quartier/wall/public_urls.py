from django.urls import path

from quartier.wall import views

app_name = "wall_public"

urlpatterns = [
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
