from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cohort.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohort import registry
        from cohort.notifications import navigation

        registry.navigation.register(name=self.label, order=25)(navigation.add_links)
