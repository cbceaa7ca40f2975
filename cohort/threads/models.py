"""Reflections and the threads under cases and reflections.

Every read starts from a scoped queryset in ``cohort.permissions`` (rule 1, 2, 8);
every write goes through ``cohort.threads.services``. Text is Markdown, rendered to HTML
once on save and cleaned (``cohort.threads.text``), never rendered from the source again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Reflection(models.Model):
    """A participant's reflection on a block's prompt, or on the block as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SHARED = "shared", _("shared")

    cohort = models.ForeignKey(
        "cohort.CohortPage", on_delete=models.CASCADE, related_name="reflections",
        verbose_name=_("edition"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections",
        verbose_name=_("author"),
    )
    block = models.ForeignKey(
        "programme.BlockPage", on_delete=models.CASCADE, related_name="reflections",
        verbose_name=_("block"),
    )
    # The StreamField id of the prompt in the block's body; empty: about the block itself.
    prompt_id = models.CharField(max_length=64, blank=True, default="")
    # The question as it was asked, so the reflection keeps its context if the block changes.
    prompt_text = models.TextField(_("question"), blank=True)
    # "Post your own first" (copied from the prompt, kept in step when the block is published).
    post_first = models.BooleanField(default=False)
    body = models.TextField(_("reflection"))
    body_html = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-last_activity_at", "-pk"]
        constraints = [
            # One per person per question; one removed by its author stays (a placeholder
            # for its thread) beside the new one they write.
            models.UniqueConstraint(fields=["cohort", "author", "block", "prompt_id"],
                                    condition=Q(deleted_at__isnull=True),
                                    name="one_reflection_per_prompt"),
        ]
        indexes = [models.Index(fields=["cohort", "block", "prompt_id", "status"])]

    def __str__(self):
        return str(_("Reflection by %(name)s on block %(number)s")) % {
            "name": self.author.get_display_name(), "number": self.block.number}

    def get_absolute_url(self):
        return reverse("threads:reflection", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class Thread(models.Model):
    """The conversation under one submitted case or one shared reflection.

    Counts are kept here so a page never counts comments: ``last_number`` numbers the
    comments (Discourse's post numbers), ``root_count`` the top-level ones, which page by
    ``Comment.root_index``.
    """

    class Phase(models.TextChoices):
        QUESTIONS = "questions", _("clarifying questions")
        HYPOTHESES = "hypotheses", _("hypotheses")
        ADVICE = "advice", _("advice")
        RESPONSE = "response", _("response of the case owner")
        DONE = "done", _("concluded")

    PHASE_ORDER = [Phase.QUESTIONS, Phase.HYPOTHESES, Phase.ADVICE, Phase.RESPONSE, Phase.DONE]
    # The case's author listens in these phases.
    AUTHOR_LISTENS = (Phase.HYPOTHESES, Phase.ADVICE)

    cohort = models.ForeignKey("cohort.CohortPage", on_delete=models.CASCADE,
                               related_name="threads")
    case = models.OneToOneField("cases.Case", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="thread")
    reflection = models.OneToOneField(Reflection, null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="thread")
    comment_count = models.PositiveIntegerField(default=0)
    last_number = models.PositiveIntegerField(default=0)
    root_count = models.PositiveIntegerField(default=0)
    last_comment_at = models.DateTimeField(null=True, blank=True, db_index=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    phase = models.CharField(_("intervision phase"), max_length=20, choices=Phase.choices,
                             blank=True, default="")
    phase_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False, reflection__isnull=True)
                           | Q(case__isnull=True, reflection__isnull=False)),
                name="thread_has_one_subject",
            ),
        ]

    def __str__(self):
        return str(self.subject)

    def get_absolute_url(self):
        """Opens the thread at the first comment the viewer has not read."""
        return reverse("threads:thread", args=[self.pk])

    @property
    def subject(self):
        return self.case if self.case_id else self.reflection

    @classmethod
    def of(cls, subject) -> "Thread":
        """The (unsaved) thread of a case or a reflection, as it would be before anyone
        replies: what the form, the rules and its URLs need, without writing a row."""
        if isinstance(subject, Reflection):
            return cls(cohort=subject.cohort, reflection=subject)
        return cls(cohort=subject.cohort, case=subject)

    def subject_url(self):
        return self.subject.get_absolute_url()

    def post_url(self):
        """Where a comment on it is posted (also before the thread row exists)."""
        if self.case_id:
            return reverse("threads:case_comment", args=[self.case_id])
        return reverse("threads:reflection_comment", args=[self.reflection_id])

    def mention_url(self):
        """Where the comment field asks whom it can suggest after "@"."""
        if self.case_id:
            return reverse("threads:mentionable_case", args=[self.case_id])
        return reverse("threads:mentionable_reflection", args=[self.reflection_id])

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def in_intervision(self):
        return bool(self.phase)

    def next_phase(self):
        if not self.phase:
            return self.Phase.QUESTIONS
        index = self.PHASE_ORDER.index(self.phase)
        return self.PHASE_ORDER[index + 1] if index + 1 < len(self.PHASE_ORDER) else None


class Comment(models.Model):
    """A reply in a thread. Shown two levels deep: a top-level comment and, beneath it,
    every reply in its branch in order, with "in reply to" when it answers a reply."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField()
    # The top-level comment's place among the thread's top-level comments (pages by it).
    root_index = models.PositiveIntegerField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="comments", verbose_name=_("author"))
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    phase = models.CharField(max_length=20, choices=Thread.Phase.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)
    pinned_at = models.DateTimeField(null=True, blank=True)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                      related_name="mentioned_in")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["root_index", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="comment_number_unique"),
        ]
        indexes = [
            models.Index(fields=["thread", "root_index", "number"]),
            # The page's query also takes the pinned comment: without this it reads the
            # whole thread to find it.
            models.Index(fields=["thread"], condition=models.Q(pinned_at__isnull=False),
                         name="comment_pinned_idx"),
        ]

    def __str__(self):
        return f"#{self.number}"

    def get_absolute_url(self):
        return reverse("threads:comment", args=[self.pk])

    @property
    def is_root(self):
        return self.parent_id is None

    @property
    def reply_form_id(self):
        return f"antwoord-{self.number}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Revision(models.Model):
    """The text a comment or reflection had before an edit (after the grace period)."""

    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="revisions")
    reflection = models.ForeignKey(Reflection, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="revisions")
    body_html = models.TextField()
    # When this text was written (posted, or the edit before it).
    written_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(comment__isnull=False, reflection__isnull=True)
                           | Q(comment__isnull=True, reflection__isnull=False)),
                name="revision_has_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.written_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        RECOGNISABLE = "herkenbaar", _("recognisable")
        THANKS = "dank", _("thank you")
        SPOT_ON = "raak", _("spot on")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user", "kind"], name="one_reaction_each"),
        ]

    def __str__(self):
        return self.get_kind_display()


class ReadPosition(models.Model):
    """How far one member has read one thread (Discourse's last_read_post_number)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_positions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_read_position"),
        ]

    def __str__(self):
        return f"#{self.last_read_number}"
