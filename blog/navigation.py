from django.utils.translation import gettext_lazy as _


def add_links(request, nav):
    from blog.models import BlogIndexPage
    from cohort import navcache

    def first_blog():
        blog = BlogIndexPage.objects.live().public().order_by("path").first()
        return blog.get_url(request) if blog else None

    url = navcache.cached(request, "blog", first_blog)
    if url:
        nav.add(_("Blog"), url, order=30)
