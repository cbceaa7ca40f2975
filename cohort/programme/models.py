from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.streams import BaseStreamBlock


class HomePage(Page):
    """The site's root: what Leergang is and which programmes it runs."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["programme.ProgrammePage", "blog.BlogIndexPage"]
    max_count = 1
    template = "programme/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            ProgrammePage.objects.child_of(self).live().public().specific().order_by("path")
        )
        return context


class ProgrammePage(Page):
    """A programme (leergang): public landing; children are its blocks and editions."""

    intro = models.TextField(
        _("introduction"), help_text=_("One or two sentences: what the programme is and for whom.")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["programme.HomePage"]
    subpage_types = ["cohort.CohortPage"]
    template = "programme/programme_page.html"

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def get_absolute_url(self):
        return self.get_url()
