"""Public addresses of a process (no login)."""

from django.urls import path

from quartier.processes import public_views

app_name = "processes_public"

urlpatterns = [
    path(
        "beteiligung/<slug:org_slug>/<slug:process_slug>/",
        public_views.public_hub,
        name="hub",
    ),
]
