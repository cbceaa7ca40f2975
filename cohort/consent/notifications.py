"""What consent tells the notifications app (registered in ``ConsentConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from cohort.converters import parse_id


def visible_consent_ids(user, ids) -> set[str]:
    from cohort import permissions
    from cohort.notifications.registry import ids_in

    return ids_in(permissions.visible_consents(user), ids)


def consent_viewer_ids(value, user_ids) -> set[int]:
    from cohort.consent.models import QuoteConsent
    from cohort.models import Membership

    pk = parse_id(value)
    consent = QuoteConsent.objects.filter(pk=pk).values("author_id", "cohort_id").first() \
        if pk else None
    if consent is None:
        return set()
    facilitators = set(Membership.objects.filter(
        cohort_id=consent["cohort_id"], role=Membership.Role.FACILITATOR, user_id__in=user_ids)
        .values_list("user_id", flat=True))
    return ({consent["author_id"]} & user_ids) | facilitators


def register():
    from cohort.notifications import registry

    registry.register_subject("consent", visible_ids=visible_consent_ids,
                              viewer_ids=consent_viewer_ids)
    registry.register_kind(
        "consent_requested", direct=True, label=_("A request to quote you in the blog"),
        sentence=_("%(actor)s asks whether your words may be quoted in “%(title)s”"),
    )
    registry.register_kind(
        "consent_decided", direct=True, label=_("An answer to your request to quote"),
        sentence=_("%(actor)s answered your request to quote them in “%(title)s”"),
    )
    registry.register_kind(
        "consent_withdrawn", direct=True, label=_("A consent to quote withdrawn"),
        sentence=_("A consent to quote in “%(title)s” was withdrawn"),
    )
    registry.register_kind(
        "consent_post_held", direct=True, label=_("A scheduled post held back"),
        sentence=_("“%(title)s” was not published at its scheduled moment: a quote in it "
                   "lacks consent"),
    )
