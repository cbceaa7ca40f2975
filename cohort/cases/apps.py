from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cohort.cases"
    label = "cases"
    verbose_name = _("Cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohort import registry
        from cohort.cases import demo, notifications
        from cohort.cases import desk as case_desk
        from cohort.cases.panels import member_cases_panel
        from cohort.cases.selectors import my_leergang_panel
        from cohort.desk import registry as desk
        from cohort.programme import panels

        panels.register(my_leergang_panel)
        registry.member_panels.register(name=self.label, order=10)(member_cases_panel)
        panels.register_progress(marks=case_desk.progress_marks)
        desk.sections.register(name="feedback", order=10)(case_desk.waiting_cases)
        desk.sections.register(name="agenda", order=25)(case_desk.session_agenda)
        desk.activity.register(name="cases", order=10)(case_desk.case_activity)
        desk.edition_links.register(name="cases", order=10)(case_desk.edition_link)
        desk.waiting.register(name="cases", order=10)(case_desk.waiting_count)
        registry.demo_steps.register(name=self.label, order=30)(demo.seed)
        notifications.register()
        notifications.connect()
