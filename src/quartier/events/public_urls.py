from django.urls import path

from quartier.events.views import participant

app_name = "events_public"

urlpatterns = [
    path("j/", participant.enter_code, name="enter_code"),
    path("j/<str:code>/", participant.join, name="join"),
    path("e/<str:code>/", participant.room, name="room"),
    path("e/<str:code>/cards/", participant.post_card, name="post_card"),
    path("e/<str:code>/support/", participant.support_card, name="support"),
    path("e/<str:code>/vote/", participant.vote, name="vote"),
    path("e/<str:code>/groups/join/", participant.join_group, name="join_group"),
    path("e/<str:code>/groups/wishes/", participant.set_wishes, name="set_wishes"),
    path("e/<str:code>/suggest/", participant.suggest, name="suggest"),
    path("e/<str:code>/live/", participant.catch_up, name="catch_up"),
]
