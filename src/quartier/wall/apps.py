from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WallConfig(AppConfig):
    name = "quartier.wall"
    label = "wall"
    verbose_name = _("Topic wall")

    def ready(self) -> None:
        from quartier.wall import public_pages  # noqa: F401  (registers the open-ends page)
