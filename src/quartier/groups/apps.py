from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "quartier.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        from quartier.groups import panels, public_pages  # noqa: F401  (registers them)
