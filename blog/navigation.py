from django.utils.translation import gettext_lazy as _


def add_links(request, nav):
    from blog.models import BlogIndexPage

    blog = BlogIndexPage.objects.live().public().order_by("path").first()
    if blog is not None:
        nav.add(_("Blog"), blog.get_url(request), order=30)
