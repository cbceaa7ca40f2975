from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "cohort.consent"
    label = "consent"
    verbose_name = _("Consent to quote")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohort import registry
        from cohort.consent import actions, demo, notifications, signals, views
        from cohort.programme import panels
        from cohort.threads import actions as thread_actions

        # After the blog and the threads: the quotes come from reflections, into posts.
        registry.demo_steps.register(name=self.label, order=50)(demo.seed)
        thread_actions.register(actions.moderator_actions)
        panels.register(views.my_leergang_panel)
        notifications.register()
        signals.connect()
