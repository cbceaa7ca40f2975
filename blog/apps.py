from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog import demo, navigation, signals
        from blog.services import facilitators_blog_permissions_ensure
        from cohort import registry

        signals.connect()
        registry.navigation.register(name=self.label, order=30)(navigation.add_links)
        # After the programme: the blog's posts link to its blocks.
        registry.demo_steps.register(name=self.label, order=20)(demo.seed)
        registry.facilitator_permissions.register(name=self.label, order=20)(
            facilitators_blog_permissions_ensure
        )
