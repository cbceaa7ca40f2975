from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog import signals

        signals.connect()
        post_migrate.connect(_grant_facilitators, sender=self)


def _grant_facilitators(sender, using="default", **kwargs):
    """Facilitators write the blog: give their group the blog's snippets after migrate.
    Auth's own handler may create the permissions after this one runs: create them first
    (idempotent), as ``cohort.apps`` does."""
    from django.contrib.auth.management import create_permissions

    from blog.services import facilitators_blog_permissions_ensure

    create_permissions(sender, verbosity=0, using=using)
    facilitators_blog_permissions_ensure()
