from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "quartier.interviews"
    label = "interviews"
    verbose_name = _("Interview campaigns")

    def ready(self) -> None:
        from quartier.interviews import personal_data  # noqa: F401  (export/erasure hooks)
