from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "quartier.reach"
    label = "reach"
    verbose_name = _("Reach")

    def ready(self) -> None:
        from quartier.reach import panels  # noqa: F401  (registers the process dashboard panel)
