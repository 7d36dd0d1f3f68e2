from django.urls import path

from quartier.groups import views

app_name = "groups"

urlpatterns = [
    path("p/<slug:process_slug>/", views.group_list, name="list"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/requests/<int:request_id>/", views.join_request_decide, name="decide"),
]
