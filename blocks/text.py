"""Text blocks shared by the programme and the blog."""

from django.utils.translation import gettext_lazy as _
from wagtail.blocks import CharBlock, ChoiceBlock, RichTextBlock, StructBlock, TextBlock

# Limited rich text: no headings inside paragraphs, no embeds, no raw HTML.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        preview_template = "blocks/block_preview.html"
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
        preview_template = "blocks/block_preview.html"
        label = _("Heading")
        description = _("A section heading (level 2 or 3) to structure the page.")
        preview_value = {"text": "Waar gaat dit blok over?", "level": "h2"}


class QuoteBlock(StructBlock):
    quote = TextBlock(label=_("Quote"))
    attribution = CharBlock(
        label=_("Attribution"),
        required=False,
        max_length=120,
        help_text=_("Who said or wrote this. Leave empty for an anonymous quote."),
    )
    role = CharBlock(
        label=_("Role or organisation"),
        required=False,
        max_length=160,
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Quote")
        description = _("A quotation from a published source, with an optional name and role. "
                        "A participant's words go in “Quote from the programme”, with consent.")
        preview_value = {
            "quote": (
                "Ik dacht dat ik de regie moest houden. Pas toen ik een stap terug deed, "
                "gingen de partners zelf aan de slag."
            ),
            "attribution": "Deelnemer editie 1",
            "role": "Kwartiermaker zorgnetwerk",
        }
