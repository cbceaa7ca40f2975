"""Framework hooks of the blog: they only call a service (STYLE.md, habit 5)."""

from wagtail.signals import page_published


def on_page_published(sender, instance, revision=None, **kwargs):
    """Wagtail's ``page_published`` fires for the admin's publish button and for the
    scheduled publishing of ``publish_scheduled`` alike (unlike the ``after_publish_page``
    hook, which only the admin calls).
    https://docs.wagtail.org/en/stable/reference/signals.html#page-published"""
    from blog import services

    services.post_published(instance)


def connect():
    from blog.models import BlogPostPage

    page_published.connect(
        on_page_published, sender=BlogPostPage, dispatch_uid="blog.post_published"
    )
