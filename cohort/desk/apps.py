from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "cohort.desk"
    label = "desk"
    verbose_name = _("Facilitator's desk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohort import registry
        from cohort.desk import navigation, sections

        registry.navigation.register(name=self.label, order=25)(navigation.add_links)
        sections.register_own()
