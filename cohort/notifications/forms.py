from django import forms
from django.utils.translation import gettext_lazy as _

from cohort.notifications.models import NotificationPreference, SubjectWatch

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class PreferenceForm(forms.ModelForm):
    digest_hour = forms.TypedChoiceField(
        label=_("Time"), choices=HOURS, coerce=int,
        help_text=_("The hour, in Dutch time (Europe/Amsterdam)."),
        error_messages={"invalid_choice": _("Choose an hour from 00:00 to 23:00.")},
    )

    class Meta:
        model = NotificationPreference
        fields = ["emails_enabled", "immediate_email", "digest", "digest_weekday", "digest_hour",
                  "show_excerpts", "language"]
        widgets = {"digest": forms.RadioSelect}
        labels = {"digest_weekday": _("Day (for the weekly digest)")}
        help_texts = {"digest_weekday": ""}
        error_messages = {
            "digest": {"invalid_choice": _("Choose daily, weekly or never.")},
            "digest_weekday": {"invalid_choice": _("Choose a day of the week.")},
            "language": {"invalid_choice": _("Choose Dutch or English.")},
        }


class WatchForm(forms.Form):
    subject = forms.CharField(max_length=100)
    level = forms.ChoiceField(choices=SubjectWatch.Level.choices, widget=forms.RadioSelect,
                              label=_("Notifications about this"))
    next = forms.CharField(max_length=500, required=False)
