from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cohort.admin_views import BoundedModelChoiceField, managed_editions
from cohort.models import CohortPage, Membership, User
from cohort.programme.invitations import Invitation


class AcceptInvitationForm(forms.Form):
    """A new member chooses their name and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            candidate = User(
                email=self.email, first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationAdminForm(WagtailAdminModelForm):
    """The facilitator's form in the Wagtail admin: she invites to her own editions only."""

    cohort = BoundedModelChoiceField(label=_("Edition"), queryset=CohortPage.objects.none())

    class Meta:
        model = Invitation
        fields = ["cohort", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = managed_editions(self.for_user)

    def clean(self):
        cleaned = super().clean()
        cohort, email = cleaned.get("cohort"), (cleaned.get("email") or "").strip().lower()
        if not cohort or not email:
            return cleaned
        if Membership.objects.filter(cohort=cohort, user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already a member of this edition."), params={"email": email}
            )
        open_invitations = [
            invitation
            for invitation in Invitation.objects.filter(cohort=cohort, email=email)
            if invitation.status == Invitation.Status.PENDING
        ]
        if open_invitations:
            raise forms.ValidationError(
                _("%(email)s already has an open invitation for this edition. Send that one again instead."),
                params={"email": email},
            )
        if not self.errors and self.for_user is not None:
            from cohort.programme.services import invitations_allowance_take

            invitations_allowance_take(self.for_user, 1)  # a valid invitation only
        return cleaned


class GroupInviteForm(forms.Form):
    """Invite a group: one "Name <address>" or address a line."""

    lines = forms.CharField(
        label=_("Who"), max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        # Help texts are rendered as HTML: the brackets are written as entities.
        help_text=_("One person a line: “Sanne de Wit &lt;sanne@example.org&gt;” or just "
                    "the address. At most 100."),
        error_messages={"required": _("Paste at least one email address.")},
    )
    message = forms.CharField(
        label=_("Personal message"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the invitation above the link."),
    )
    role = forms.ChoiceField(
        label=_("As"), initial=Membership.Role.PARTICIPANT,
        choices=[(Membership.Role.PARTICIPANT, Membership.Role.PARTICIPANT.label),
                 (Membership.Role.OBSERVER, Membership.Role.OBSERVER.label)],
    )
