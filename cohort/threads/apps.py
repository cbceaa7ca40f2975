from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "cohort.threads"
    label = "threads"
    verbose_name = _("Reflections and threads")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohort import registry
        from cohort.cases import panels as case_panels
        from cohort.desk import registry as desk
        from cohort.programme import panels
        from cohort.threads import demo, notifications, selectors, signals
        from cohort.threads import desk as thread_desk

        desk.sections.register(name="questions", order=28)(thread_desk.questions)
        desk.sections.register(name="new", order=30)(thread_desk.news)
        desk.activity.register(name="threads", order=20)(thread_desk.writing_activity)
        panels.register_progress(marks=thread_desk.progress_marks,
                                 columns=thread_desk.progress_columns,
                                 table=thread_desk.progress_table)
        panels.register(selectors.my_leergang_panel)
        panels.register_prompt(selectors.prompt_panel)
        case_panels.register(selectors.case_thread_panel)
        case_panels.register_counts(selectors.case_counts)
        registry.demo_steps.register(name=self.label, order=40)(demo.seed)
        notifications.register()
        signals.connect()
