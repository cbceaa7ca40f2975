"""The StreamBlocks pages use; programme and blog share the same library."""

from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamBlock

from blocks.learning import (
    CaseAssignmentBlock,
    InterventionCardBlock,
    LearningGoalsBlock,
    ReflectionPromptBlock,
    RoleCardsBlock,
    SessionAgendaBlock,
)
from blocks.media import ImageBlock, ResourceBlock, VideoBlock
from blocks.text import HeadingBlock, ParagraphBlock, QuoteBlock
from cohort.consent.blocks import LeergangQuoteBlock


class BaseStreamBlock(StreamBlock):
    """Headings and paragraphs only; kept for the fields that were created with it."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()

    class Meta:
        label = _("Content")


class ProgrammeStreamBlock(BaseStreamBlock):
    """Everything a programme, edition or session page may contain."""

    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
    resource = ResourceBlock()
    learning_goals = LearningGoalsBlock()
    role_cards = RoleCardsBlock()
    intervention = InterventionCardBlock()
    reflection_prompt = ReflectionPromptBlock()
    case_assignment = CaseAssignmentBlock()
    session_agenda = SessionAgendaBlock()

    class Meta:
        label = _("Programme content")


class BlogStreamBlock(BaseStreamBlock):
    """The blocks a blog post may contain. Everything here is public: a block that shows
    something from the leergang (e.g. a participant's reflection, quoted with consent) is
    added here and must carry only what was cleared for publication."""

    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
    resource = ResourceBlock()
    intervention = InterventionCardBlock()
    role_cards = RoleCardsBlock()
    leergang_quote = LeergangQuoteBlock()

    class Meta:
        label = _("Blog content")

    def render_basic(self, value, context=None):
        # A quote without consent renders nothing; it leaves no empty wrapper behind either.
        rendered = [(child.render(context=context), child.block_type) for child in value]
        return format_html_join("\n", '<div class="w-block-{1} block-{1}">{0}</div>',
                                [(html, kind) for html, kind in rendered if html])
