"""Image, video and resource (document or link) blocks.

Logic that the templates need lives on the ``StructValue`` subclasses, so the
templates only render. See
https://docs.wagtail.org/en/stable/advanced_topics/customisation/streamfield_blocks.html#custom-value-class-for-structblock
"""

from functools import cached_property
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import (
    CharBlock,
    StructBlock,
    StructBlockValidationError,
    StructValue,
    TextBlock,
    URLBlock,
)
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds import embeds
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.exceptions import EmbedException
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

# Only providers that the Content-Security-Policy lets us frame (SECURE_CSP "frame-src" in
# config/settings/base.py); other oEmbed providers would render as a blocked frame or script.
VIDEO_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "vimeo.com", "www.vimeo.com"}
)
# YouTube's oEmbed answer points at www.youtube.com; the CSP allows its privacy-enhanced
# host instead: https://support.google.com/youtube/answer/171780
_YOUTUBE_EMBED = 'src="https://www.youtube.com/embed/'
_YOUTUBE_NOCOOKIE_EMBED = 'src="https://www.youtube-nocookie.com/embed/'


class ImageBlock(StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_(
            "Describe what the image shows for people who cannot see it. "
            "Do not start with “image of”."
        ),
    )
    caption = CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")
        preview_value = {
            "image": None,
            "alt": "Deelnemers zitten in een kring en bespreken een casus.",
            "caption": "Intervisie in kleine groepen tijdens de tweede bijeenkomst.",
        }

    def get_preview_value(self):
        """Show the newest image in the library, as a preview cannot choose one."""
        value = super().get_preview_value()
        if value.get("image") is None:
            value["image"] = get_image_model().objects.order_by("-created_at").first()
        return value


class VideoValue(StructValue):
    @cached_property
    def embed(self):
        """The stored oEmbed answer for the video, or None when there is none."""
        video = self.get("video")
        if not video:
            return None
        try:
            return embeds.get_embed(video.url, video.max_width, video.max_height)
        except EmbedException:
            # As in Wagtail's own embed rendering: a failed embed must not break the page.
            return None

    @property
    def player_html(self):
        """The provider's player HTML, with YouTube moved to its no-cookie host.

        Wagtail's ``embed_frontend.html`` is not used because it adds an inline ``style``
        attribute, which the Content-Security-Policy blocks; the CSS sizes the player.
        """
        if not self.embed or not self.embed.html:
            return ""
        html = self.embed.html.replace(_YOUTUBE_EMBED, _YOUTUBE_NOCOOKIE_EMBED)
        # Trusted as Wagtail trusts it (embed_frontend.html renders it with |safe), and only
        # from the hosts in VIDEO_HOSTS.
        return mark_safe(html)  # noqa: S308

    @property
    def player_shape(self):
        """``"portrait"`` for upright videos, ``"landscape"`` otherwise; a CSS modifier."""
        embed = self.embed
        if embed and embed.width and embed.height and embed.height > embed.width:
            return "portrait"
        return "landscape"

    @property
    def url(self):
        video = self.get("video")
        return video.url if video else ""


class VideoBlock(StructBlock):
    video = EmbedBlock(
        label=_("Video"),
        help_text=_("The web address of the video on YouTube or Vimeo."),
    )
    caption = CharBlock(label=_("Caption"), required=False, max_length=250)
    transcript_url = URLBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("A link to a written version of the video, for people who cannot hear it."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Video")
        description = _("An embedded video with an optional caption and transcript link.")
        value_class = VideoValue
        preview_value = {
            "video": None,
            "caption": "Een netwerkleider vertelt hoe zij de eerste partnerbijeenkomst voorbereidde.",
            "transcript_url": "https://www.example.org/transcript-partnerbijeenkomst",
        }

    def clean(self, value):
        """Refuse video hosts the site cannot show, before Wagtail fetches the embed."""
        video = value.get("video")
        if video and (urlsplit(video.url).hostname or "").lower() not in VIDEO_HOSTS:
            raise StructBlockValidationError(
                block_errors={
                    "video": ValidationError(
                        _(
                            "Use a video from YouTube or Vimeo. This site cannot show videos from other websites."
                        ),
                        code="video_host",
                    )
                }
            )
        return super().clean(value)


class ResourceValue(StructValue):
    @property
    def kind(self):
        """``"document"`` for a file from the document library, ``"link"`` for a web address."""
        if self.get("document"):
            return "document"
        if self.get("url"):
            return "link"
        return ""

    @property
    def href(self):
        document = self.get("document")
        if document:
            return document.url
        return self.get("url") or ""

    @property
    def kind_label(self):
        return {"document": _("Document"), "link": _("External link")}.get(self.kind, "")

    @property
    def file_info(self):
        """File type and size of a document, e.g. "PDF, 120 KB"; empty for a link."""
        document = self.get("document")
        if not document:
            return ""
        size = document.get_file_size()
        extension = document.file_extension.upper()
        if size is None:
            return extension
        return f"{extension}, {filesizeformat(size)}"


class ResourceBlock(StructBlock):
    title = CharBlock(label=_("Title"), max_length=160)
    description = TextBlock(label=_("Description"), required=False)
    document = DocumentChooserBlock(
        label=_("Document"),
        required=False,
        help_text=_("Choose a document, or enter a web address below."),
    )
    url = URLBlock(
        label=_("Web address"),
        required=False,
        help_text=_("A link to a resource elsewhere, used when no document is chosen."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/resource_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Resource")
        description = _("A document or a link to a web page, with a short description.")
        value_class = ResourceValue
        preview_value = {
            "title": "Handreiking voor het eerste partneroverleg",
            "description": "Vragen om samen met je partners de gezamenlijke opgave scherp te krijgen.",
            "document": None,
            "url": "https://www.example.org/handreiking-partneroverleg",
        }

    def clean(self, value):
        """Require exactly one of document and web address."""
        value = super().clean(value)
        has_document = bool(value.get("document"))
        has_url = bool(value.get("url"))
        if has_document and has_url:
            message = _("Choose a document or enter a web address, not both.")
        elif not has_document and not has_url:
            message = _("Choose a document or enter a web address.")
        else:
            return value
        raise StructBlockValidationError(
            non_block_errors=ErrorList([ValidationError(message, code="document_or_url")])
        )
