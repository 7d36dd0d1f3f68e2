from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "quartier.topics"
    label = "topics"
    verbose_name = _("Topics and opinions")

    def ready(self) -> None:
        from quartier.topics import panels, signals  # noqa: F401  (process panel, card hook)
