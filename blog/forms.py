"""Forms of the blog: the admin form of a post and the public subscription form.

Models are imported inside functions: ``blog.models`` imports this module.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class BlogPostPageForm(WagtailAdminPageForm):
    """A new post starts with the author profile of the facilitator who writes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or self.initial.get("author") or not self.for_user:
            return
        from blog.models import BlogAuthor

        author = BlogAuthor.objects.filter(user_id=self.for_user.pk).first()
        if author is not None and "author" in self.fields:
            self.initial["author"] = author.pk


class _ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Iterates the queryset itself, so the choices the form has read (to know whether to
    ask at all) are rendered without asking the database again."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _SeriesChoiceField(forms.ModelChoiceField):
    iterator = _ListedChoiceIterator


class SubscribeForm(forms.Form):
    """Ask for new posts by email. Valid or not, the answer never tells whether the
    address was already subscribed."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter your email address.")},
    )
    series = _SeriesChoiceField(
        label=_("What would you like to receive?"),
        queryset=None,
        required=False,
        empty_label=_("Every new post"),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        # A quoted local part ("name"@…) is valid but spells one mailbox endlessly.
        if '"' in email or "\\" in email:
            raise forms.ValidationError(
                _("Enter the address without quotation marks or backslashes."), code="quoted"
            )
        return email

    def __init__(self, *args, series_choices=None, **kwargs):
        from blog.models import BlogSeries

        super().__init__(*args, **kwargs)
        field = self.fields["series"]
        field.queryset = series_choices if series_choices is not None else BlogSeries.objects.none()
        field.label_from_instance = lambda series: _(
            "New parts of “%(title)s”"
        ) % {"title": series.title}
        # Reads the field's own copy of the choices once, for this test and the rendering.
        if not field.queryset:  # no series, no question
            field.widget = forms.HiddenInput()


class BlogAuthorForm(WagtailAdminModelForm):
    """An author profile links to a facilitator's account: only facilitators (the
    "Begeleiders" group) and superusers are offered, never the members of any edition."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" not in self.fields:
            return
        from django.db.models import Q

        from cohort.models import User
        from cohort.permissions import FACILITATORS_GROUP

        self.fields["user"].queryset = User.objects.filter(
            Q(groups__name=FACILITATORS_GROUP) | Q(is_superuser=True), is_active=True
        ).distinct().order_by("first_name", "last_name")
