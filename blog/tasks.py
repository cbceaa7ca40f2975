"""Celery tasks of the blog: they take ids, load, and call a service; safe to run twice."""

from celery import shared_task

from blog import services


@shared_task(name="blog.tasks.send_post_to_subscribers", ignore_result=True)
def send_post_to_subscribers(post_id: int) -> int:
    """Fan a new post out to its subscribers through the outbox (keys make it exactly-once)."""
    return services.post_mail_subscribers(post_id)


@shared_task(name="blog.tasks.purge_unconfirmed_subscriptions", ignore_result=True)
def purge_unconfirmed_subscriptions() -> int:
    """Beat task: delete subscriptions that were never confirmed (two link lifetimes old)."""
    return services.subscriptions_purge_unconfirmed()
