"""Framework hooks that only call a service (STYLE.md, habit 5)."""


def on_block_published(sender, instance, **kwargs):
    """A prompt's "post your own first" switched in the admin holds for its reflections."""
    from cohort.threads.models import Reflection
    from cohort.threads.services import block_prompts

    for prompt in block_prompts(instance.specific):
        Reflection.objects.filter(block_id=instance.pk, prompt_id=prompt.id).exclude(
            post_first=prompt.post_first).update(post_first=prompt.post_first)


def on_reflection_deleted(sender, instance, **kwargs):
    from cohort.notifications.services import subject_forget
    from cohort.threads.notifications import reflection_key

    subject_forget(subject_key=reflection_key(instance))


def connect():
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published

    from cohort.programme.models import BlockPage
    from cohort.threads.models import Reflection

    page_published.connect(on_block_published, sender=BlockPage,
                           dispatch_uid="threads.block_prompts")
    post_delete.connect(on_reflection_deleted, sender=Reflection,
                        dispatch_uid="threads.forget_notifications")
