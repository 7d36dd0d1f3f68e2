from django.urls import path

from quartier.lottery.views import (
    confirmations,
    letters,
    privacy,
    register,
    registration,
    selection,
    setup,
    translations,
)

app_name = "lottery"

urlpatterns = [
    path("", setup.lottery_list, name="list"),
    path("<int:pk>/", setup.overview, name="overview"),
    path("<int:pk>/setup/", setup.setup, name="setup"),
    path("<int:pk>/municipalities/new/", setup.municipality_edit, name="municipality_create"),
    path("<int:pk>/municipalities/<int:mid>/", setup.municipality_edit, name="municipality_edit"),
    path(
        "<int:pk>/municipalities/<int:mid>/delete/",
        setup.municipality_remove,
        name="municipality_delete",
    ),
    path("<int:pk>/translations/new/", translations.translation_edit, name="translation_create"),
    path(
        "<int:pk>/translations/<int:tid>/", translations.translation_edit, name="translation_edit"
    ),
    path(
        "<int:pk>/translations/<int:tid>/delete/",
        translations.translation_remove,
        name="translation_delete",
    ),
    path("<int:pk>/jobs/<int:job_id>/", setup.job_status, name="job"),
    path("<int:pk>/register/", register.register, name="register"),
    path("<int:pk>/register/<int:eid>/", register.extract, name="extract"),
    path("<int:pk>/register/<int:eid>/delete/", register.extract_remove, name="extract_delete"),
    path("<int:pk>/draw/", register.draw, name="draw"),
    path("<int:pk>/draw/audit.json", register.draw_audit, name="draw_audit"),
    path("<int:pk>/letters/", letters.letters, name="letters"),
    path("<int:pk>/letters/letters.pdf", letters.letters_pdf, name="letters_pdf"),
    path("<int:pk>/letters/mail-merge.csv", letters.letters_csv, name="letters_csv"),
    path("<int:pk>/registrations/", registration.registrations, name="registration"),
    path(
        "<int:pk>/registrations/close/", registration.close_registration, name="close_registration"
    ),
    path("<int:pk>/registrations/reply/<str:code>/", registration.paper_reply, name="paper_reply"),
    path("<int:pk>/pool/", selection.pool, name="pool"),
    path("<int:pk>/selection/", selection.selection, name="selection"),
    path("<int:pk>/selection/<int:draw_id>/audit.json", selection.audit_download, name="audit"),
    path("<int:pk>/confirmations/", confirmations.confirmations, name="confirmations"),
    path(
        "<int:pk>/confirmations/letters.pdf",
        confirmations.confirmation_letters,
        name="confirmation_letters",
    ),
    path("<int:pk>/confirmations/<int:rid>/cancel/", confirmations.cancel, name="cancel"),
    path("<int:pk>/privacy/", privacy.privacy, name="privacy"),
    path("<int:pk>/privacy/delete/", privacy.delete_register_now, name="delete_register"),
]
