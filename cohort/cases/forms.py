from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohort.cases.attachments import check_upload
from cohort.cases.models import Case, CaseFeedback


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked on its content (attachments.check_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".pdf,.doc,.docx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp",
        }))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # How many a case may have is CaseForm's check: it knows the ones already attached.
        uploads = data if isinstance(data, (list, tuple)) else [data] if data else []
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class CaseForm(forms.ModelForm):
    """The author's (or a facilitator's) text of a case; a draft needs a title only."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_attachments = MultipleFileField(
        label=gettext_lazy("Attachments"),
        help_text=gettext_lazy(
            "PDF, Word, PowerPoint or an image; at most 10 MB each and 5 per case. "
            "Remove names of people and organisations that are not in the edition."
        ),
    )

    class Meta:
        model = Case
        fields = ["title", "situation", "my_role", "question", "tried", "parties"]
        help_texts = {
            "situation": gettext_lazy(
                "What is going on, in the collaboration where you are stuck? Anonymise third "
                "parties."
            ),
            "my_role": gettext_lazy("Who are you in this, and who asked you to take that role?"),
            "question": gettext_lazy("Where do you get stuck? What would you like to learn?"),
            "tried": gettext_lazy("What have you done so far, and what happened?"),
            "parties": gettext_lazy(
                "Which organisations and people take part (roles, not names)?"
            ),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ["situation", "my_role", "question", "tried", "parties"]
        }

    def __init__(self, *args, existing_attachments=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_attachments = existing_attachments
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_new_attachments(self):
        files = self.cleaned_data.get("new_attachments") or []
        limit = settings.CASE_ATTACHMENT_MAX_COUNT
        if self.existing_attachments + len(files) > limit:
            raise ValidationError(
                _("A case can have at most %(count)d attachments; remove one first.")
                % {"count": limit},
                code="too_many",
            )
        return files


class SubmitForm(forms.Form):
    audience = forms.ChoiceField(
        label=gettext_lazy("Who may see this case?"),
        choices=Case.Audience.choices,
        widget=forms.RadioSelect,
        initial=Case.Audience.EDITION,
    )
    confidential = forms.BooleanField(
        label=gettext_lazy(
            "I have anonymised third parties, and I know that what I share stays within the "
            "edition."
        ),
        required=True,
        error_messages={
            "required": gettext_lazy("Confirm the confidentiality statement to submit the case.")
        },
    )


class DiscussedForm(forms.Form):
    session = forms.ModelChoiceField(
        label=gettext_lazy("Discussed in session"), queryset=None, required=False,
        empty_label=gettext_lazy("Not in a session"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        from cohort.programme.models import Session

        # Only sessions that have begun: a case is not discussed ahead of time.
        self.fields["session"].queryset = Session.objects.filter(
            cohort_id=case.cohort_id, start__lte=timezone.now()).order_by("-start")


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = CaseFeedback
        fields = ["body", "visibility"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What has happened since the case was discussed?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    block = forms.TypedChoiceField(label=gettext_lazy("Block"), required=False, coerce=int,
                                   empty_value=None)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    author = forms.TypedChoiceField(label=gettext_lazy("Author"), required=False, coerce=int,
                                    empty_value=None)

    def __init__(self, *args, blocks, authors, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["block"].choices = everything + [(b.pk, str(b)) for b in blocks]
        self.fields["status"].choices = everything + list(Case.Status.choices)
        self.fields["author"].choices = everything + [(a.pk, str(a))
                                                      for a in authors]
