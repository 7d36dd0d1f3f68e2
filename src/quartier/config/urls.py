from django.urls import include, path

urlpatterns = [
    path("", include("quartier.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("quartier.accounts.urls")),
    path("o/", include("quartier.organisations.urls")),
    path("o/<slug:org_slug>/reach/", include("quartier.reach.urls")),
    path("o/<slug:org_slug>/interviews/", include("quartier.interviews.urls")),
    path("o/<slug:org_slug>/p/<slug:process_slug>/meetings/", include("quartier.meetings.urls")),
    path("o/<slug:org_slug>/p/<slug:process_slug>/tasks/", include("quartier.followups.urls")),
    path("o/<slug:org_slug>/", include("quartier.processes.urls")),
    path("", include("quartier.events.urls")),
    path("", include("quartier.wall.urls")),
    path("", include("quartier.topics.urls")),
    path("", include("quartier.groups.urls")),
]

handler403 = "quartier.core.views.permission_denied"
handler404 = "quartier.core.views.page_not_found"
