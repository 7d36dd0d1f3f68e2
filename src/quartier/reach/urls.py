from django.urls import path

from quartier.reach.views import imports, lists, people, places, privacy, targets

app_name = "reach"

urlpatterns = [
    path("", people.contact_list, name="contacts"),
    path("people.<str:fmt>", lists.contacts_export, name="contacts_export"),
    path("places.<str:fmt>", lists.places_export, name="places_export"),
    path("people/new/", people.contact_create, name="contact_create"),
    path("people/<int:pk>/", people.contact_detail, name="contact_detail"),
    path("people/<int:pk>/edit/", people.contact_edit, name="contact_edit"),
    path("people/<int:pk>/one-to-one/", people.one_to_one_create, name="one_to_one_create"),
    path("people/<int:pk>/places/", people.contact_place_add, name="contact_place_add"),
    path(
        "people/<int:pk>/places/<int:membership_id>/remove/",
        people.contact_place_remove,
        name="contact_place_remove",
    ),
    path("people/<int:pk>/key/", people.key_person_add, name="key_person_add"),
    path(
        "people/<int:pk>/key/<int:key_id>/remove/",
        people.key_person_remove,
        name="key_person_remove",
    ),
    path("people/<int:pk>/export.json", privacy.contact_export_json, name="contact_export_json"),
    path("people/<int:pk>/export.pdf", privacy.contact_export_pdf, name="contact_export_pdf"),
    path("people/<int:pk>/erase/", privacy.contact_erase, name="contact_erase"),
    path("people/<int:pk>/retention/", privacy.retention_extend, name="retention_extend"),
    path("review/", privacy.retention_review, name="retention_review"),
    path("follow-ups/", people.follow_ups_due, name="follow_ups"),
    path("follow-ups/<int:task_id>/done/", people.follow_up_done, name="follow_up_done"),
    path("places/", places.place_list, name="places"),
    path("places/new/", places.place_create, name="place_create"),
    path("places/<int:pk>/", places.place_detail, name="place_detail"),
    path("places/<int:pk>/edit/", places.place_edit, name="place_edit"),
    path("key-persons/", places.key_person_overview, name="key_persons"),
    path("matrix/", targets.matrix, name="matrix"),
    path("matrix/new/", targets.target_group_create, name="target_group_create"),
    path("matrix/<int:pk>/", targets.target_group_edit, name="target_group_edit"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/columns/", imports.import_map, name="import_map"),
    path("import/<int:pk>/preview/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/report/", imports.import_report, name="import_report"),
]
