from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class BlogIndexPage(Page):
    """The facilitators' public blog; posts and series arrive with the blog issue."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["programme.HomePage"]
    subpage_types = []
    template = "blog/blog_index_page.html"

    class Meta:
        verbose_name = _("blog index")

    def get_absolute_url(self):
        return self.get_url()
