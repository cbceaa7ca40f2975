from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

# The apps whose permissions the core gives the facilitators' group; the capability apps
# that registered permissions of their own (cohort.registry) are added to these.
_ROLE_APPS = {"cohort", "wagtailcore", "wagtailadmin", "wagtailimages", "wagtaildocs"}


def _ensure_roles(sender, using="default", apps=None, **kwargs):
    """After migrate: make sure the facilitators' group and its permissions exist.

    Permissions are created by auth's own post_migrate handler, which may run
    after this one, so create them first (idempotent)."""
    from django.contrib.auth.management import create_permissions

    from cohort import registry
    from cohort.services import facilitators_group_ensure

    if sender.label not in _ROLE_APPS | set(registry.facilitator_permissions.names()):
        return
    create_permissions(sender, verbosity=0, using=using)
    facilitators_group_ensure()


def _edition_saved(sender, instance, created=False, raw=False, **kwargs):
    """A signal, not ``after_create_page``: that hook runs after the admin has already
    published the page, which only the edition's facilitators may (STYLE.md, habit 5)."""
    from cohort.services import edition_created

    if created and not raw:
        edition_created(instance)


class CohortConfig(AppConfig):
    # apps.py holds more than one AppConfig: say which is the app's own.
    default = True
    name = "cohort"
    verbose_name = _("Cohorts and members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import register_converter

        from cohort import (
            admin_permissions,
            demo_seed,  # noqa: F401  (registers the core's demo step)
            navcache,
            spreadsheets,
        )
        from cohort.converters import IdConverter
        from cohort.models import CohortPage

        register_converter(IdConverter, "id")
        admin_permissions.register()
        spreadsheets.install()
        navcache.connect()
        post_migrate.connect(_ensure_roles, dispatch_uid="cohort.ensure_roles")
        post_save.connect(_edition_saved, sender=CohortPage, dispatch_uid="cohort.edition_created")


class LeergangUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user form (display name, organisation, role name)."""

    default = False
    user_viewset = "cohort.viewsets.UserViewSet"
