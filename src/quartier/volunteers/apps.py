from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "quartier.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteer board")

    def ready(self) -> None:
        from quartier.volunteers import panels, public_pages  # noqa: F401  (registers them)
