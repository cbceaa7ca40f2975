from django import forms
from django.utils.translation import gettext_lazy as _

from cohort.consent.models import QuoteConsent


class RequestForm(forms.Form):
    excerpt = forms.CharField(
        label=_("The words you would like to quote"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The author's exact words: shorten the text if you like, but do not change "
                    "it."),
        error_messages={"required": _("Choose the words you would like to quote.")},
    )
    post = forms.ChoiceField(label=_("For the blog post"),
                             error_messages={"required": _("Choose the blog post the quote "
                                                           "is for."),
                                             "invalid_choice": _("Choose the blog post the "
                                                                 "quote is for.")})
    note = forms.CharField(
        label=_("Why this quote (the author reads it)"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Say in a sentence why you would like to quote it.")},
    )

    def __init__(self, *args, posts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = {str(post.pk): post for post in posts}
        self.fields["post"].choices = [("", "—")] + [
            (str(post.pk), post.title + ("" if post.live else f" ({_('draft')})"))
            for post in posts]

    def clean_post(self):
        return self.posts[self.cleaned_data["post"]]


class DecisionForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your answer"), widget=forms.RadioSelect,
        choices=[(QuoteConsent.Status.NAMED, _("Yes, with my name")),
                 (QuoteConsent.Status.ANONYMOUS, _("Yes, anonymously")),
                 (QuoteConsent.Status.DECLINED, _("Rather not"))],
        error_messages={"required": _("Choose one of the three answers.")},
    )
    display_name = forms.CharField(
        label=_("The name shown with the quote"), required=False, max_length=100,
        help_text=_("Only with “yes, with my name”. A first name alone is fine."),
    )
    message = forms.CharField(
        label=_("A message to the facilitator (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For instance: which words you would rather see changed. Answer “rather "
                    "not” and she can ask again with other wording."),
    )
