from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.streams import BaseStreamBlock, ProgrammeStreamBlock
from blocks.text import PARAGRAPH_FEATURES
from cohort.models import MembersOnlyPageMixin, ViewRestrictionsInOneQueryMixin


class HomePage(ViewRestrictionsInOneQueryMixin, Page):
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
        from cohort.selectors import public_children

        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            public_children(ProgrammePage.objects.live(), self).specific().order_by("path")
        )
        return context


class ProgrammePage(ViewRestrictionsInOneQueryMixin, Page):
    """A programme (leergang): the public landing; children are its blocks and editions."""

    intro = models.TextField(
        _("introduction"), help_text=_("One or two sentences: what the programme is and for whom.")
    )
    audience = RichTextField(
        _("for whom"), features=PARAGRAPH_FEATURES, blank=True,
        help_text=_("Who the programme is for and what they bring."),
    )
    body = StreamField(ProgrammeStreamBlock(), verbose_name=_("body"), blank=True)
    how_to_join = RichTextField(
        _("how to join"), features=PARAGRAPH_FEATURES, blank=True,
        help_text=_("How someone signs up or is invited, costs, and whom to contact."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("audience"),
        FieldPanel("body"),
        InlinePanel("facilitators", label=_("Facilitator"), heading=_("Facilitators")),
        FieldPanel("how_to_join"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("audience"),
        index.SearchField("body"),
        index.SearchField("how_to_join"),
    ]

    parent_page_types = ["programme.HomePage"]
    subpage_types = ["programme.BlockPage", "cohort.CohortPage"]
    template = "programme/programme_page.html"

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def get_absolute_url(self):
        return self.get_url()

    def get_context(self, request, *args, **kwargs):
        from cohort.programme import selectors

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = selectors.programme_outline(self, request.user)
        return context


class ProgrammeFacilitator(Orderable):
    """A facilitator as presented on the public programme page (written, not a user profile)."""

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="facilitators")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    bio = models.TextField(_("short profile"), blank=True)
    photo = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]

    def __str__(self):
        return self.name


class BlockPage(ViewRestrictionsInOneQueryMixin, MembersOnlyPageMixin, Page):
    """A block (blok) of the programme; shared by all its editions, for members only."""

    number = models.PositiveSmallIntegerField(_("number"))
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"), blank=True,
        help_text=_("One or two sentences shown in the programme outline, also to visitors."),
    )
    body = StreamField(ProgrammeStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("theme"), FieldPanel("summary")],
            heading=_("Block"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["programme.ProgrammePage"]
    subpage_types = []
    template = "programme/block_page.html"

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def user_may_view(self, user) -> bool:
        from cohort import permissions

        return permissions.can_view_block(user, self)

    def serve(self, request, *args, **kwargs):
        from cohort.programme import selectors

        if request.user.is_authenticated:
            from cohort.converters import parse_id

            # ?editie=: a member of several editions chooses which one the page is for.
            request.block_state = selectors.block_state_for(
                self, request.user, prefer=parse_id(request.GET.get("editie")))
        return super().serve(request, *args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        state = getattr(request, "block_state", None)
        if state is not None and not state.is_open:
            return "programme/block_page_closed.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from cohort.programme import selectors

        context = super().get_context(request, *args, **kwargs)
        state = getattr(request, "block_state", None)
        if state is None and request.user.is_authenticated:
            state = selectors.block_state_for(self, request.user)
        context["state"] = state
        if state is not None and state.cohort is not None:
            from cohort import permissions

            context["marks_done"] = state.cohort.pk in permissions.participant_cohort_ids(
                request.user)
            context["follows_progress"] = permissions.is_facilitator_of(request.user, state.cohort)
        if state is not None and state.is_open:
            from cohort.programme import panels

            prompts = [child.id for child in self.body if child.block_type == "reflection_prompt"]
            # "": what is shown for the block as a whole (a reflection after the block).
            context["prompt_panels"] = panels.prompt_panels_for(request, self, [*prompts, ""])
        return context

    def get_tasks(self):
        """Block types a participant acts on (case assignment, reflection prompt)."""
        return [child for child in self.body if child.block_type in
                ("case_assignment", "reflection_prompt")]


class Session(Orderable):
    """A session (bijeenkomst) of an edition, usually about one block."""

    cohort = ParentalKey("cohort.CohortPage", on_delete=models.CASCADE, related_name="sessions")
    block = models.ForeignKey(
        BlockPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions",
        verbose_name=_("block"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True,
                             help_text=_("Leave empty to use the block's title."))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    notes = models.TextField(_("practical notes"), blank=True)

    panels = [
        FieldPanel("block"),
        FieldPanel("title"),
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("location"),
        FieldPanel("online_url"),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="programme_session_end_after_start"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if self.title:
            return self.title
        if self.block_id:
            return str(self.block)
        return str(_("Session"))

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session must end after it starts.")})
        if not self.location and not self.online_url:
            raise ValidationError(
                {"location": _("Give a place, an online link, or both.")}
            )

    def get_absolute_url(self):
        return f"{self.cohort.get_url()}#sessie-{self.pk}"

    def get_ics_url(self):
        return reverse("programme:session_ics", args=[self.pk])

    @property
    def is_past(self):
        return self.end < timezone.now()


class BlockRelease(Orderable):
    """The facilitator opens a block for an edition before its session."""

    cohort = ParentalKey(
        "cohort.CohortPage", on_delete=models.CASCADE, related_name="block_releases"
    )
    block = models.ForeignKey(BlockPage, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("block"))
    open_from = models.DateTimeField(
        _("open from"), default=timezone.now,
        help_text=_("The block opens for this edition at this moment."),
    )

    panels = [FieldPanel("block"), FieldPanel("open_from")]

    class Meta(Orderable.Meta):
        verbose_name = _("early opening")
        verbose_name_plural = _("early openings")

    def __str__(self):
        return f"{self.block} — {self.open_from:%Y-%m-%d}"


class BlockCompletion(models.Model):
    """A participant marked a block as done."""

    user = models.ForeignKey("cohort.User", on_delete=models.CASCADE,
                             related_name="block_completions")
    block = models.ForeignKey(BlockPage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("completed block")
        verbose_name_plural = _("completed blocks")
        constraints = [
            models.UniqueConstraint(fields=["user", "block"], name="programme_completion_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.block}"

    def get_absolute_url(self):
        return self.block.get_url()


from cohort.programme.invitations import Invitation  # noqa: E402,F401 - a model of this app
from cohort.programme.workflows import ProgrammeReviewTask  # noqa: E402,F401 - a model of this app
