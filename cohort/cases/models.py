"""Cases (casussen): a participant's situation from practice, shared within the edition.

Every read starts from ``cohort.permissions.visible_cases`` (rule 1, rule 2);
every write goes through ``cohort.cases.services``.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohort.models import private_storage

# The fields a participant writes, in the order the form and the page show them.
TEXT_FIELDS = ("title", "situation", "my_role", "question", "tried", "parties")


def attachment_upload_to(instance, filename):
    # Never the user's own file name on disk: it may identify people (see original_name).
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        DISCUSSED = "discussed", _("discussed")
        CLOSED = "closed", _("closed")

    class Audience(models.TextChoices):
        EDITION = "edition", _("the whole edition")
        FACILITATORS = "facilitators", _("the facilitators only")

    cohort = models.ForeignKey(
        "cohort.CohortPage", on_delete=models.CASCADE, related_name="cases",
        verbose_name=_("edition"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases",
        verbose_name=_("author"),
    )
    block = models.ForeignKey(
        "programme.BlockPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cases", verbose_name=_("block"),
    )
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("the situation"), blank=True)
    my_role = models.TextField(_("my role in it"), blank=True)
    question = models.TextField(_("my question or dilemma"), blank=True)
    tried = models.TextField(_("what I have tried"), blank=True)
    parties = models.TextField(_("the parties involved"), blank=True)
    audience = models.CharField(
        _("visible to"), max_length=20, choices=Audience.choices, default=Audience.EDITION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Optimistic locking: every save bumps it; a save based on an older one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    confidentiality_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    discussed_at = models.DateTimeField(_("discussed at"), null=True, blank=True)
    discussed_session = models.ForeignKey(
        "programme.Session", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="discussed_cases", verbose_name=_("discussed in session"),
    )
    planned_session = models.ForeignKey(
        "programme.Session", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="planned_cases", verbose_name=_("to be discussed in session"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    follow_up_prompted_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up = models.TextField(_("what happened since"), blank=True)
    follow_up_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(_("latest activity"), db_index=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "status", "-last_activity_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_editable(self):
        return self.status != self.Status.CLOSED


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_upload_to,
                            max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("cases:attachment", args=[self.case_id, self.pk])

    @property
    def is_inline(self):
        """PDFs and images open in the browser; office files download."""
        return self.content_type == "application/pdf" or self.content_type.startswith("image/")


class CaseEvent(models.Model):
    """One line of a case's history: an edit (with what changed) or a step in its life."""

    class Kind(models.TextChoices):
        CREATED = "created", _("started")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted")
        DISCUSSED = "discussed", _("discussed")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("opened again")
        PLANNED = "planned", _("planned for a session")
        UNPLANNED = "unplanned", _("taken off a session")
        UNDISCUSSED = "undiscussed", _("“discussed” undone")
        FOLLOW_UP = "follow_up", _("follow-up")
        ATTACHMENT_ADDED = "attachment_added", _("attachment added")
        ATTACHMENT_REMOVED = "attachment_removed", _("attachment removed")
        REDACTED = "redacted", _("text removed from the history")

    # The entries whose text the history shows, and so can remove (redact): edits
    # ({field: {"old", "new"}}) and attachments ({"name": file name}).
    TEXT_KINDS = (Kind.EDITED, Kind.ATTACHMENT_ADDED, Kind.ATTACHMENT_REMOVED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # For edits: {field: {"old": ..., "new": ...}}; for attachments: {"name": ...}.
    changes = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    session = models.ForeignKey(
        "programme.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Redacted: the text is gone for good; who did it and when stay, also as a REDACTED entry.
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case history entry")
        verbose_name_plural = _("case history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case} — {self.get_kind_display()}"

    def get_absolute_url(self):
        return f"{self.case.get_absolute_url()}#geschiedenis-{self.pk}"

    @staticmethod
    def field_label(name):
        if name == "name":
            return CaseAttachment._meta.get_field("original_name").verbose_name
        return Case._meta.get_field(name).verbose_name

    def text_fields(self) -> list[str]:
        """The fields of this entry that hold text, in form order."""
        if self.kind == self.Kind.EDITED:
            return [name for name in TEXT_FIELDS if name in self.changes]
        if self.kind in self.TEXT_KINDS and "name" in self.changes:
            return ["name"]
        return []

    def is_redacted(self, name) -> bool:
        return name in (self.changes.get("redacted") or [])

    def redactable_fields(self) -> list[tuple[str, str]]:
        """(field, label) of the texts in this entry that can still be removed."""
        return [(name, self.field_label(name)) for name in self.text_fields()
                if not self.is_redacted(name)]

    @property
    def can_be_redacted(self):
        return bool(self.redactable_fields())

    def redacted_labels(self):
        """The labels of the fields whose text was removed from this entry."""
        return [self.field_label(name) for name in self.text_fields() if self.is_redacted(name)]

    def changed_fields(self):
        """(label, old, new) for each field an edit changed and still shows, in form order."""
        if self.kind != self.Kind.EDITED:
            return []
        return [
            (self.field_label(name), self.changes[name].get("old", ""),
             self.changes[name].get("new", ""))
            for name in self.text_fields()
            if not self.is_redacted(name)
        ]


class CaseFeedback(models.Model):
    """A facilitator's response to a case, for the author alone or for the case's audience."""

    class Visibility(models.TextChoices):
        AUTHOR = "author", _("the author only")
        AUDIENCE = "audience", _("everyone who can see the case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("feedback"))
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.AUTHOR
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case} — {self.author}"

    def get_absolute_url(self):
        return f"{self.case.get_absolute_url()}#feedback-{self.pk}"


class FeedbackRevision(models.Model):
    """An earlier version of a feedback, kept when its author edits or removes it; shown to
    whoever may read the feedback."""

    feedback = models.ForeignKey(CaseFeedback, on_delete=models.CASCADE,
                                 related_name="revisions")
    body = models.TextField()
    visibility = models.CharField(max_length=20, choices=CaseFeedback.Visibility.choices)
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"{self.feedback_id} @ {self.written_at:%Y-%m-%d %H:%M}"
