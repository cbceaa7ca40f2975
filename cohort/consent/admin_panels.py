"""The panel on a blog post's edit form that lists the consents asked for it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from cohort.consent.chooser import POST_INPUT_ID, choosable, consent_label


class QuoteConsentsPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Quotes from the programme"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "quote_consents"

    class BoundPanel(Panel.BoundPanel):
        template_name = "consent/admin/post_consents_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            post_id = self.instance.pk
            context["post_input_id"] = POST_INPUT_ID
            context["post_id"] = post_id or ""
            context["consents"] = [
                (consent, consent_label(consent))
                for consent in (choosable(self.request.user, post_id) if post_id else [])
            ]
            return context
