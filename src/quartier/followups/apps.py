from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "quartier.followups"
    label = "followups"
    verbose_name = _("Tasks")
