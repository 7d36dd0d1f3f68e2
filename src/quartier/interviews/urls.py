from django.urls import path

from quartier.interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/interview/", views.interview_create, name="interview_create"),
    path("<int:pk>/review/", views.campaign_review, name="review"),
    path("<int:pk>/review/answers/<int:answer_id>/", views.answer_tag, name="answer_tag"),
    path("<int:pk>/export.xlsx", views.campaign_export, name="export"),
]
