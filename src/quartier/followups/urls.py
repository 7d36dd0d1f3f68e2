from django.urls import path

from quartier.followups import views

app_name = "followups"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("export.<str:fmt>", views.task_export, name="export"),
    path("<int:pk>/status/", views.task_status, name="status"),
]
