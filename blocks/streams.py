"""The StreamBlocks pages use; programme and blog share the same library."""

from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamBlock

from blocks.text import HeadingBlock, ParagraphBlock


class BaseStreamBlock(StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()

    class Meta:
        label = _("Content")
