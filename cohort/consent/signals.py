"""Framework hooks that only call a service (STYLE.md, habit 5)."""


def on_text_saved(sender, instance, created=False, raw=False, **kwargs):
    """A reflection or comment removed by its author withdraws its consents."""
    from cohort.consent.services import consents_withdraw_for_source

    if not raw and instance.deleted_at is not None:
        consents_withdraw_for_source(instance)


def on_membership_deleted(sender, instance, **kwargs):
    """After the commit: when the whole account is being deleted, its consents go with it
    (cascade) and there is nothing to withdraw; writing an event for one now would fail."""
    from django.db import transaction

    from cohort.consent.services import consents_withdraw_for_member

    user_id, cohort_id = instance.user_id, instance.cohort_id
    transaction.on_commit(lambda: consents_withdraw_for_member(user_id, cohort_id))


def connect():
    from django.db.models.signals import post_delete, post_save

    from cohort.models import Membership
    from cohort.threads.models import Comment, Reflection

    for model in (Comment, Reflection):
        post_save.connect(on_text_saved, sender=model,
                          dispatch_uid=f"consent.withdraw_on_removal.{model.__name__}")
    post_delete.connect(on_membership_deleted, sender=Membership,
                        dispatch_uid="consent.withdraw_on_leaving")
    # A consent decided, withdrawn or deleted with its author's account changes what the
    # blog may show: the visitors' copies of its pages go (rule 9).
    from cohort import navcache
    from cohort.consent.models import QuoteConsent

    post_save.connect(navcache.purge, sender=QuoteConsent, dispatch_uid="consent.purge_saved")
    post_delete.connect(navcache.purge, sender=QuoteConsent,
                        dispatch_uid="consent.purge_deleted")
