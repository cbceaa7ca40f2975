from django import forms
from django.utils.translation import gettext_lazy as _

from cohort.threads import text
from cohort.threads.models import Reaction


class ReflectionForm(forms.Form):
    body = forms.CharField(
        label=_("Your reflection"), widget=forms.Textarea(attrs={"rows": 8}),
        max_length=text.MAX_CHARS,
        help_text=_("Markdown works: **bold**, *italic*, lists and links."),
        error_messages={"required": _("Write your reflection first."),
                        "max_length": _("Keep it under %(limit_value)s characters (this is "
                                        "%(show_value)s).")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=text.MAX_CHARS,
        error_messages={"required": _("Write something before you post."),
                        "max_length": _("Keep it under %(limit_value)s characters (this is "
                                        "%(show_value)s).")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why you hide it (the author reads this)"), max_length=300,
                             error_messages={"required": _("Say why you hide the comment: "
                                                           "its author will read it.")})


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)
