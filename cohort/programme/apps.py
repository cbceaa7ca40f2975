from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "cohort.programme"
    label = "programme"
    verbose_name = _("Programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohort.desk import registry as desk
        from cohort.programme import desk as programme_desk

        desk.sections.register(name="session", order=20)(programme_desk.next_sessions)
        desk.sections.register(name="invitations", order=40)(programme_desk.open_invitations)
        desk.edition_links.register(name="progress", order=20)(programme_desk.progress_link)
        desk.edition_links.register(name="invite", order=30)(programme_desk.invite_link)
        from cohort import registry
        from cohort.programme import demo, navigation, signals
        from cohort.programme.services import facilitators_programme_permissions_ensure

        registry.navigation.register(name=self.label, order=10)(navigation.add_links)
        registry.demo_steps.register(name=self.label, order=10)(demo.seed)
        registry.facilitator_permissions.register(name=self.label, order=10)(
            facilitators_programme_permissions_ensure
        )
        signals.connect()
