"""The "citaat uit de leergang" StreamField block of a blog post.

It holds a consent and, optionally, the words to quote (empty: the excerpt as consented).
What it shows is decided when it is rendered, never stored: a consent withdrawn after
publishing takes the quote off the page and the API on the next request. It adds nothing
to the search index.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cohort.consent import quotes
from cohort.consent.chooser import QuoteConsentChooserBlock


class LeergangQuoteBlock(blocks.StructBlock):
    consent = QuoteConsentChooserBlock(
        label=_("Consent"),
        help_text=_("Only the consents asked for this post are listed. Save the post as a "
                    "draft first, then ask for consent from the reflection or comment."))
    text = blocks.TextBlock(
        label=_("Words quoted"), required=False,
        help_text=_("Leave empty to quote the excerpt exactly as the author agreed to it. "
                    "Other words need a new consent."))

    class Meta:
        icon = "openquote"
        label = _("Quote from the programme")
        description = _("A participant's words, with their consent for this post: with the "
                        "name they chose, or as “a participant”.")
        template = "blocks/leergang_quote_block.html"
        preview_template = "blocks/block_preview.html"
        preview_value = {"consent": None,
                         "text": "Ik liet het actiepunt bewust liggen, en een partner pakte "
                                 "het op."}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        page = parent_context.get("page")
        post_id = getattr(page, "pk", None)
        context["quote"] = quotes.shown(value, post_id)
        if "block_def" in parent_context and value.get("consent") is None:
            # The admin's preview of the block type: how a quote looks, with made-up words.
            context["quote"] = quotes.Shown(text=value["text"], attribution=_("a participant"))
        request = parent_context.get("request")
        if context["quote"] is None and getattr(request, "is_preview", False):
            # Only the facilitator's preview says why; visitors get nothing.
            context["withheld"] = quotes.problem(value, post_id)
        return context

    def render(self, value, context=None):
        context = self.get_context(value, parent_context=dict(context or {}))
        if context["quote"] is None and not context.get("withheld"):
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.meta.template, context)  # already safe

    def get_api_representation(self, value, context=None):
        shown = quotes.shown(value, (context or {}).get("post_id"))
        if shown is None:
            return None
        return {"text": shown.text, "attribution": shown.attribution}

    def get_searchable_content(self, value):
        return []
