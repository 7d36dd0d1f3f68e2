from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "quartier.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from quartier.processes import panels  # noqa: F401  (registers the dashboard panels)
