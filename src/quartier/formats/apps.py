from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class FormatsConfig(AppConfig):
    name = "quartier.formats"
    label = "formats"
    verbose_name = _("Meeting formats")

    def ready(self) -> None:
        # Every app may ship a ``formats`` module that registers its manifests.
        autodiscover_modules("formats")
