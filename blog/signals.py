"""Framework hooks of the blog: they only call a service (STYLE.md, habit 5)."""

from wagtail.signals import page_published


def on_page_published(sender, instance, revision=None, **kwargs):
    """Wagtail's ``page_published`` fires for the admin's publish button and for the
    scheduled publishing of ``publish_scheduled`` alike (unlike the ``after_publish_page``
    hook, which only the admin calls).
    https://docs.wagtail.org/en/stable/reference/signals.html#page-published"""
    from blog import services

    services.post_published(instance)


def on_blog_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new blog index, however it was made (admin, seed, code), gets the facilitators'
    page permissions."""
    from blog import services

    if created and not raw:
        services.blog_created(instance)


def on_revision_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """A revision approved for a later moment (scheduling) obeys the publishing rule."""
    from blog import publishing

    publishing.on_revision_saving(sender, instance, raw=raw, update_fields=update_fields)


def connect():
    from django.db.models.signals import post_save, pre_save
    from wagtail.models import Revision

    from blog.models import BlogIndexPage, BlogPostPage

    pre_save.connect(on_revision_saving, sender=Revision, dispatch_uid="blog.schedule_guard")
    page_published.connect(
        on_page_published, sender=BlogPostPage, dispatch_uid="blog.post_published"
    )
    post_save.connect(on_blog_saved, sender=BlogIndexPage, dispatch_uid="blog.blog_created")
    # A series is a snippet: its pages (series page, posts, feeds) change without a publish.
    from django.db.models.signals import post_delete

    from blog.models import BlogAuthor, BlogSeries
    from cohort import navcache

    for model in (BlogSeries, BlogAuthor):  # snippets shown on posts, series and feeds
        post_save.connect(navcache.purge, sender=model, dispatch_uid=f"blog.{model.__name__}_saved")
        post_delete.connect(navcache.purge, sender=model,
                            dispatch_uid=f"blog.{model.__name__}_deleted")
