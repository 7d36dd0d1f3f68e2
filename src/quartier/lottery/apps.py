from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotteryConfig(AppConfig):
    name = "quartier.lottery"
    label = "lottery"
    verbose_name = _("Citizens' lottery")

    def ready(self) -> None:
        from quartier.lottery import (
            panels,  # noqa: F401  (registers the process dashboard panel)
            public_pages,  # noqa: F401  (registers the transparency page)
        )
