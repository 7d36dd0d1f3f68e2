"""The volunteer board: the team's board under the organisation, the public pages."""

from django.urls import path

from quartier.volunteers import views

app_name = "volunteers"

TEAM = "o/<slug:org_slug>/volunteers/p/<slug:process_slug>/"
PUBLIC = "ehrenamt/<slug:org_slug>/<slug:process_slug>/"

urlpatterns = [
    path(TEAM, views.board, name="board"),
    path(TEAM + "needs/", views.need_create, name="need_create"),
    path(TEAM + "needs/<int:need_id>/status/", views.need_status, name="need_status"),
    path(TEAM + "needs/<int:need_id>/match/", views.match_confirm, name="match_confirm"),
    path(TEAM + "responses/<int:response_id>/", views.response_decide, name="response_decide"),
    path(TEAM + "offers/<int:offer_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path(PUBLIC, views.public_board, name="public_board"),
    path(PUBLIC + "<int:pk>/", views.public_need, name="public_need"),
    path(PUBLIC + "anbieten/", views.public_offer, name="public_offer"),
    path(PUBLIC + "zurueckziehen/<uuid:token>/", views.withdraw, name="withdraw"),
]
