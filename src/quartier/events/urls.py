from django.urls import path

from quartier.events.views import exports, staff

app_name = "events"

urlpatterns = [
    path("p/<slug:process_slug>/new/", staff.event_create, name="create"),
    path("<int:pk>/", staff.console, name="console"),
    path("<int:pk>/projector/", staff.projector, name="projector"),
    path("<int:pk>/phase/", staff.set_phase, name="set_phase"),
    path("<int:pk>/walk-in/", staff.walk_in, name="walk_in"),
    path("<int:pk>/pairs/", staff.start_pairs, name="start_pairs"),
    path("<int:pk>/export/<str:table>.csv", exports.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("<int:pk>/protocol.pdf", exports.protocol_pdf, name="protocol_pdf"),
]
