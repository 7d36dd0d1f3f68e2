from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "quartier.events"
    label = "events"
    verbose_name = _("Live events")

    def ready(self) -> None:
        from quartier.events import panels  # noqa: F401  (registers the dashboard panel)
