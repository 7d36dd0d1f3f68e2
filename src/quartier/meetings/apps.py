from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "quartier.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from quartier.meetings import panels  # noqa: F401  (registers the "Treffen" panel)
