from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

# The apps whose permissions the facilitators' group holds.
_ROLE_APPS = {"cohort", "programme", "wagtailcore", "wagtailadmin", "wagtailimages", "wagtaildocs"}


def _ensure_roles(sender, using="default", apps=None, **kwargs):
    """After migrate: make sure the facilitators' group and its permissions exist.

    Permissions are created by auth's own post_migrate handler, which may run
    after this one, so create them first (idempotent)."""
    from django.contrib.auth.management import create_permissions

    from cohort.services import facilitators_group_ensure

    if sender.label not in _ROLE_APPS:
        return
    create_permissions(sender, verbosity=0, using=using)
    facilitators_group_ensure()


class CohortConfig(AppConfig):
    # apps.py holds more than one AppConfig: say which is the app's own.
    default = True
    name = "cohort"
    verbose_name = _("Cohorts and members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_roles, dispatch_uid="cohort.ensure_roles")


class LeergangUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user form (display name, organisation, role name)."""

    default = False
    user_viewset = "cohort.viewsets.UserViewSet"
