import hashlib
import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.files.storage import storages
from django.db import models
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Page


def private_storage():
    """Storage for files that must never get a public URL (rule 3 of DESIGN.md)."""
    return storages["private"]


def new_calendar_token():
    return secrets.token_urlsafe(32)


def photo_upload_to(instance, filename):
    # A random name: the file name a user chose may say more than they meant.
    return f"photos/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person: logs in with an email address; there are no usernames."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("The name other members see. Leave empty to use your first and last name."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role_name = models.CharField(
        _("role name"),
        max_length=120,
        blank=True,
        help_text=_(
            "What you call your role in your collaboration, for example "
            "process facilitator or quartermaster."
        ),
    )
    photo = models.ImageField(
        _("photo"), upload_to=photo_upload_to, storage=private_storage, blank=True
    )
    bio = models.TextField(
        _("about you"), blank=True, max_length=600,
        help_text=_("A few sentences for the members of your editions: your work, your "
                    "collaboration, what you hope to learn."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="cohort_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_display_name()

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_display_name(self):
        return self.display_name_of(self.display_name, self.first_name, self.last_name,
                                    self.email)

    @staticmethod
    def display_name_of(display_name, first_name, last_name, email) -> str:
        """The name from its fields alone, for lists read without whole users."""
        return (display_name or f"{first_name} {last_name}".strip()
                or (email or "").split("@")[0])

    def get_absolute_url(self):
        return reverse("cohort:member", args=[self.pk])

    @property
    def photo_url(self):
        # The file's (random) name in the address: a new photo is a new URL, so a browser
        # never shows the cached old one.
        if not self.photo:
            return ""
        version = hashlib.sha256(self.photo.name.encode()).hexdigest()[:10]
        return f"{reverse('cohort:member_photo', args=[self.pk])}?v={version}"


def tree_paths(page) -> list[str]:
    """The tree paths of the page and all its ancestors, root first, read off its own."""
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


class ViewRestrictionsInOneQueryMixin:
    """Wagtail reads the view restrictions of every page it serves in two queries: its
    ancestors (to resolve aliases), then their restrictions. The page's path names its
    ancestors, so one query does, aliases included: an alias has no restriction of its
    own and its source's count instead (as in ``Page.get_view_restrictions``). Its rows
    are kept under the navigation's version (``cohort.navcache``), which a restriction
    saved or deleted, a page moved or deleted, an alias converted moves on, and for a
    minute at most."""

    def get_view_restrictions(self):
        from django.db.models import Q
        from wagtail.models import Page, PageViewRestriction

        from cohort import navcache

        paths = tree_paths(self)
        sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        restrictions = PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__in=sources)
        )
        if self.pk is None:
            return restrictions
        # Still a queryset (the admin filters and orders it, and each of those asks the
        # database); iterated as it is, as the serve hook does, it gives the kept rows.
        restrictions._result_cache = navcache.remembered(
            f"view-restrictions:{self.pk}:{self.path}", lambda: list(restrictions.all()),
            navcache.PRIVACY_SECONDS,
        )
        return restrictions


class MembersOnlyPageMixin:
    """A page only members of the programme's editions may open (DESIGN.md, rule 1).

    Three layers: a Wagtail login restriction (so every Wagtail channel —
    ``.public()``, the API, the sitemap — treats the page as private), a
    membership check in ``serve`` (a signed-in non-member gets 404), and no
    search index entries at all.
    """

    search_fields = []

    def user_may_view(self, user) -> bool:
        raise NotImplementedError

    def ensure_view_restriction(self):
        from wagtail.models import PageViewRestriction

        if not PageViewRestriction.objects.filter(page=self).exists():
            PageViewRestriction.objects.create(
                page=self, restriction_type=PageViewRestriction.LOGIN
            )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        self.ensure_view_restriction()
        return result

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        from django.contrib.auth.views import redirect_to_login

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
        if not self.user_may_view(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        # Every preview route (edit, revisions, moderation) ends here: the page's own
        # audience only. A page being created has no audience yet; Wagtail has checked
        # the right to add it under its parent.
        if self.pk is not None and not self.user_may_view(request.user):
            raise Http404
        return super().serve_preview(request, mode_name)

    def get_absolute_url(self):
        return self.get_url()


class CohortPage(ViewRestrictionsInOneQueryMixin, MembersOnlyPageMixin, Page):
    """One edition (editie) of a programme: its members and its sessions."""

    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("intro"),
        InlinePanel("sessions", label=_("Session"), heading=_("Sessions")),
        InlinePanel(
            "block_releases",
            label=_("Early opening"),
            heading=_("Blocks opened before their session"),
        ),
    ]

    parent_page_types = ["programme.ProgrammePage"]
    subpage_types = []
    template = "cohort/cohort_page.html"

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def user_may_view(self, user) -> bool:
        from cohort import permissions

        return permissions.can_view_cohort(user, self)

    def permissions_for_user(self, user):
        """In the admin, an edition is its own facilitators' only (rule 7)."""
        from cohort.admin_permissions import EditionPermissionTester

        return EditionPermissionTester(user, self)

    # An edition's page holds its logistics (dates, sessions), kept by its own facilitators:
    # it does not go through the programme's review workflow, whose reviewers may
    # facilitate other editions.
    @property
    def has_workflow(self):
        return False

    def get_workflow(self):
        return None

    def get_context(self, request, *args, **kwargs):
        from cohort import selectors

        context = super().get_context(request, *args, **kwargs)
        context["memberships"] = selectors.cohort_memberships(self)
        context["sessions"] = self.sessions.select_related("block").order_by("start")
        return context


class Membership(models.Model):
    """User × edition × role: the single source of every access decision."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        FACILITATOR = "facilitator", _("facilitator")
        OBSERVER = "observer", _("observer")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    cohort = models.ForeignKey(
        CohortPage, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("edition")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    # Secret in the private calendar URL; replacing it revokes the old link.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token,
                                      editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "role", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="cohort_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.cohort} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.cohort.get_url()

    def get_calendar_url(self):
        return reverse("programme:calendar_feed", args=[self.calendar_token])

    @property
    def email(self):
        return self.user.email


from cohort.documents import LeergangDocument  # noqa: E402,F401 - a model of this app
from cohort.images import LeergangImage, LeergangRendition  # noqa: E402,F401 - models of this app
from cohort.throttle import RequestCount  # noqa: E402,F401 - a model of this app
