"""The admin chooser for a "citaat uit de leergang" block: the consents asked for the post
being edited, in the editions the facilitator runs, and nothing else.

The post is passed by the widget (``linked_fields``) from a hidden input that
``QuoteConsentsPanel`` puts on the post's edit form; without it the chooser lists nothing.
"""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

POST_INPUT_ID = "leergang-quote-post"


def consent_title(consent) -> str:
    """How the facilitator recognises a consent: the start of the excerpt and its author.
    Admin only."""
    return _("“%(excerpt)s” by %(author)s") % {
        "excerpt": Truncator(consent.excerpt).chars(70),
        "author": consent.author.get_full_name() or consent.author.email,
    }


def consent_label(consent) -> str:
    """The number, the title and the author's answer: for the panel and the chooser's list,
    which show the consents of her own editions only."""
    return _("#%(number)s %(title)s: %(answer)s") % {
        "number": consent.pk, "title": consent_title(consent),
        "answer": consent.get_status_display()}


def consent_handle(consent) -> str:
    """What the block's widget shows. The post may be edited by a facilitator of another
    edition, and the widget does not know who is looking: neither the words nor the author,
    only the number (the panel beside it tells her own consents by number) and the answer."""
    return _("Consent #%(number)s: %(answer)s") % {"number": consent.pk,
                                                    "answer": consent.get_status_display()}


def choosable(user, post_id):
    """Consents for one post in the editions the user facilitates (a superuser: all)."""
    from cohort import permissions
    from cohort.consent.models import QuoteConsent

    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        return QuoteConsent.objects.none()
    return QuoteConsent.objects.filter(
        post_id=post_id, cohort_id__in=permissions.facilitated_cohort_ids(user),
    ).select_related("author")


class _Scoped:
    def get_object_list(self):
        return choosable(self.request.user, self.request.GET.get("post"))

    @property
    def columns(self):
        return [
            TitleColumn(
                "title", label=_("Excerpt"), accessor=consent_label,
                get_url=lambda obj: self.append_preserved_url_parameters(
                    self.get_chosen_url(obj)),
                link_attrs={"data-chooser-modal-choice": True},
            ),
        ]

    def get_chosen_url(self, obj):
        from django.urls import reverse

        return reverse(self.chosen_url_name, args=(obj.pk,))


class QuoteConsentChooseView(_Scoped, ChooseView):
    pass


class QuoteConsentChooseResultsView(_Scoped, ChooseResultsView):
    pass


class QuoteConsentChosenView(ChosenView):
    def get_object(self, pk):
        from cohort import permissions

        # Only what the facilitator may see; anything else is a 404.
        return permissions.visible_consents(self.request.user).filter(
            cohort_id__in=permissions.facilitated_cohort_ids(self.request.user)
        ).select_related("author").get(pk=pk)

    def get_display_title(self, instance):
        return consent_handle(instance)


class QuoteConsentChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        from cohort import permissions

        return permissions.visible_consents(self.request.user).filter(
            cohort_id__in=permissions.facilitated_cohort_ids(self.request.user), pk__in=pks)

    def get_display_title(self, instance):
        return consent_handle(instance)


class QuoteConsentChooserWidget(BaseChooser):
    linked_fields = {"post": {"id": POST_INPUT_ID}}

    def get_display_title(self, instance):
        return consent_handle(instance)


class QuoteConsentChooserViewSet(ChooserViewSet):
    model = "consent.QuoteConsent"
    icon = "openquote"
    choose_one_text = _("Choose a consent")
    choose_another_text = _("Choose another consent")
    page_title = _("Consents for this post")
    base_widget_class = QuoteConsentChooserWidget
    choose_view_class = QuoteConsentChooseView
    choose_results_view_class = QuoteConsentChooseResultsView
    chosen_view_class = QuoteConsentChosenView
    chosen_multiple_view_class = QuoteConsentChosenMultipleView
    preserve_url_parameters = ["multiple", "post"]
    per_page = 20


viewset = QuoteConsentChooserViewSet("quote_consent_chooser", url_prefix="citaten")
QuoteConsentChooserBlock = viewset.get_block_class(
    name="QuoteConsentChooserBlock", module_path="cohort.consent.chooser")
