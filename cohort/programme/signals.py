"""Framework hooks of the programme: they only call a service (STYLE.md, habit 5)."""

from django.db.models.signals import post_save


def on_programme_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new programme, however it was made (admin, seed, code), gets the facilitators'
    page permissions; a signal, because ``after_create_page`` fires in the admin only."""
    from cohort.programme import services

    if created and not raw:
        services.programme_created(instance)


def connect():
    from cohort.programme.models import ProgrammePage

    post_save.connect(
        on_programme_saved, sender=ProgrammePage, dispatch_uid="programme.programme_created"
    )
