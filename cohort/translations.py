"""Other packages' texts that Leergang words its own way in Dutch (the project's catalogue
comes first). Never imported: it is here for makemessages to keep these msgids."""

from django.utils.translation import gettext_noop, ngettext_lazy

TEXTS = [
    # Wagtail's inline panel button: "Bijeenkomst toevoegen", not "Voeg Bijeenkomst toe".
    gettext_noop("Add %(label)s"),
    # Django's password rules: Django 6.1's wording has no Dutch yet, and the site says "je".
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters."),
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    # allauth: the header says "Uitloggen"; "Afmelden" means unsubscribing on this site.
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    # allauth's Dutch here speaks of a verification mail: this one sets a new password.
    gettext_noop("We have sent you an email. If you have not received it please check your "
                 "spam folder. Otherwise contact us if you do not receive it in a few minutes."),
]
