from django.urls import path

from quartier.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("p/new/", views.process_create, name="create"),
    path("p/<slug:slug>/", views.process_detail, name="detail"),
    path("p/<slug:slug>/edit/", views.process_edit, name="edit"),
    path("p/<slug:slug>/archive/", views.process_archive, name="archive"),
    path("p/<slug:slug>/restore/", views.process_restore, name="restore"),
    path("p/<slug:slug>/delete/", views.process_delete, name="delete"),
    path("p/<slug:slug>/public-pages/", views.process_publication, name="publication"),
]
