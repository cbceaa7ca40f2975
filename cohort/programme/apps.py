from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "cohort.programme"
    label = "programme"
    verbose_name = _("Programme")
    default_auto_field = "django.db.models.BigAutoField"
