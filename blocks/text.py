"""Text blocks shared by the programme and the blog."""

from django.utils.translation import gettext_lazy as _
from wagtail.blocks import CharBlock, ChoiceBlock, RichTextBlock, StructBlock

# Limited rich text: no headings inside paragraphs, no embeds, no raw HTML.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Running text with bold, italic, links and lists.")
        preview_value = "<p>Een alinea tekst met <b>nadruk</b> en een lijst.</p>"


class HeadingBlock(StructBlock):
    text = CharBlock(label=_("Heading"), max_length=120)
    level = ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading (level 2 or 3) to structure the page.")
        preview_value = {"text": "Waar gaat dit blok over?", "level": "h2"}
