from django.urls import include, path

from quartier.meetings.views.reply import invitation_reply

urlpatterns = [
    path("", include("quartier.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("quartier.accounts.urls")),
    path("reply/<str:token>/", invitation_reply, name="meeting_reply"),
    path("o/", include("quartier.organisations.urls")),
    path("o/<slug:org_slug>/reach/", include("quartier.reach.urls")),
    path("o/<slug:org_slug>/search/", include("quartier.search.urls")),
    path("o/<slug:org_slug>/interviews/", include("quartier.interviews.urls")),
    path("o/<slug:org_slug>/p/<slug:process_slug>/meetings/", include("quartier.meetings.urls")),
    path("o/<slug:org_slug>/p/<slug:process_slug>/tasks/", include("quartier.followups.urls")),
    path("o/<slug:org_slug>/p/<slug:process_slug>/lottery/", include("quartier.lottery.urls")),
    path("o/<slug:org_slug>/", include("quartier.processes.urls")),
    path("", include("quartier.events.urls")),
    path("", include("quartier.wall.urls")),
    path("", include("quartier.topics.urls")),
    path("", include("quartier.groups.urls")),
    path("", include("quartier.volunteers.urls")),
    path("", include("quartier.lottery.public_urls")),
    path("", include("quartier.processes.public_urls")),
]

handler403 = "quartier.core.views.permission_denied"
handler404 = "quartier.core.views.page_not_found"
