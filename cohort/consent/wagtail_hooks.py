"""The admin side of consent: the chooser of the "citaat uit de leergang" block."""

from wagtail import hooks

from cohort.consent.chooser import viewset


@hooks.register("register_admin_viewset")
def register_quote_consent_chooser():
    return viewset
