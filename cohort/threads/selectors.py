"""Reads for reflections and threads; each starts from a scoped queryset in
``cohort.permissions``. A thread page costs the same few queries whatever its length:
comments page by their top-level branch (``root_index``), counts are kept on the thread."""

from collections import defaultdict
from dataclasses import dataclass, field
from math import ceil

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cohort import permissions
from cohort.models import User
from cohort.threads import services
from cohort.threads.models import Comment, Reaction, ReadPosition, Reflection, Thread


def reflection_for(user, pk) -> Reflection:
    return (permissions.visible_reflections(user)
            .select_related("author", "block", "cohort").get(pk=pk))


def thread_for(user, pk) -> Thread:
    return (permissions.visible_threads(user)
            .select_related("case__author", "reflection__author", "reflection__block", "cohort")
            .get(pk=pk))


@dataclass
class Branch:
    root: Comment
    replies: list = field(default_factory=list)


@dataclass
class ThreadView:
    thread: Thread
    branches: list
    pinned: Comment | None
    page: int
    pages: int
    last_read: int           # what the viewer had read before this page
    first_unread: int | None
    can_post: bool
    why_not: str | None
    moderates: bool
    can_steer: bool          # start or advance intervision
    replying: Comment | None = None  # the comment the form answers (``?antwoord=``)
    focus: int | None = None         # the comment just posted (``?geplaatst=``), for htmx

    @property
    def mention_url(self):
        return self.thread.mention_url()

    @property
    def page_range(self):
        """The first and last page and two either side of this one, gaps as ``None``: a
        thread of 67 pages gets nine links, not 67, on a phone as much as in the HTML."""
        from django.core.paginator import Paginator

        paginator = Paginator(range(self.pages), 1)  # one "item" per page of the thread
        return [None if number == Paginator.ELLIPSIS else number
                for number in paginator.get_elided_page_range(self.page, on_each_side=2,
                                                              on_ends=1)]

    @property
    def phases(self):
        """(value, label, state) for the stepper: done, current or coming."""
        order = Thread.PHASE_ORDER
        current = order.index(self.thread.phase) if self.thread.phase else -1
        return [(phase.value, phase.label,
                 "done" if i < current else "current" if i == current else "coming")
                for i, phase in enumerate(order)]


def page_of(thread: Thread, root_index: int) -> int:
    return max(1, ceil(root_index / settings.THREAD_PAGE_SIZE))


def first_unread(thread: Thread, user) -> tuple[int | None, int | None]:
    """(number, root_index) of the first comment the user has not read, if any."""
    position = ReadPosition.objects.filter(thread=thread, user=user).values_list(
        "last_read_number", flat=True).first() or 0
    comment = (_unread(Comment.objects.filter(thread=thread, number__gt=position), user)
               .order_by("number").values_list("number", "root_index").first())
    return comment if comment else (None, None)


def with_last_read(threads, user, prefix=""):
    """Annotate ``last_read``: how far the user has read (one query with the thread)."""
    read = ReadPosition.objects.filter(thread_id=OuterRef(f"{prefix}pk"), user_id=user.pk)
    return threads.annotate(**{f"{prefix.replace('__', '_')}last_read": Coalesce(
        Subquery(read.values("last_read_number")[:1]), Value(-1))})


_NAME_FIELDS = ("display_name", "first_name", "last_name", "email")
_PAGE_COLUMNS = (
    "pk", "number", "root_index", "parent_id", "author_id", "body_html", "phase",
    "created_at", "edited_at", "deleted_at", "hidden_at", "hidden_reason", "pinned_at",
)


class PageComment:
    """One comment of a thread page as read: plain values and what ``_prepare`` works out,
    no model instance (nor a user for its author). A page shows up to about thirty, and
    building two model instances for each costs more than all the rest of a comment."""

    __slots__ = (*_PAGE_COLUMNS, "author_name", "parent", "is_mine", "is_new", "shows_text",
                 "can_react", "can_reply", "can_edit", "url", "react_url", "history_url",
                 "edit_url", "delete_url", "phase_display", "author_url", "reply_to_name",
                 "extra_actions", "reaction_summary")

    def __init__(self, row):
        (self.pk, self.number, self.root_index, self.parent_id, self.author_id,
         self.body_html, self.phase, self.created_at, self.edited_at, self.deleted_at,
         self.hidden_at, self.hidden_reason, self.pinned_at, *name) = row
        # A former member's comment has no author, so no name: the template says so.
        self.author_name = User.display_name_of(*name) if self.author_id else ""
        self.parent = None
        self.reaction_summary = []

    is_root = property(lambda self: self.parent_id is None)
    is_deleted = property(lambda self: self.deleted_at is not None)
    is_hidden = property(lambda self: self.hidden_at is not None)


def thread_view(user, thread: Thread, page: int | None = None, *, last_read: int | None = None,
                reply_to: int | None = None) -> ThreadView:
    """One page of a thread for this user, and read up to its last comment. ``last_read``
    comes annotated with the thread (-1: never opened); else it is looked up."""
    size = settings.THREAD_PAGE_SIZE
    pages = max(1, ceil(thread.root_count / size))
    page = min(max(1, page or 1), pages)
    first, last = (page - 1) * size + 1, page * size
    rows = [PageComment(row) for row in (
        # Each side of the OR names the thread, so each is read from its own index.
        Comment.objects.filter(Q(thread=thread, root_index__range=(first, last))
                               | Q(thread=thread, pinned_at__isnull=False))
        .order_by("root_index", "number")
        # Not the Markdown source, nor whole users: a page has many.
        .values_list(*_PAGE_COLUMNS, *(f"author__{name}" for name in _NAME_FIELDS))
    )]
    # A reply's parent is in its branch, so on this page: taken from the rows, not joined.
    by_pk = {c.pk: c for c in rows}
    for c in rows:
        if c.parent_id is not None:
            c.parent = by_pk.get(c.parent_id)
    pinned = next((c for c in rows if c.pinned_at and not c.is_hidden and not c.is_deleted),
                  None)
    comments = [c for c in rows if first <= c.root_index <= last]
    # The page's own range rather than its ids: the same query however many it shows.
    _attach_reactions(user, comments, Q(comment__thread=thread,
                                        comment__root_index__range=(first, last)))
    moderates = permissions.can_moderate_thread(user, thread)
    why_not = services.why_not_post(user, thread)
    branches, by_root = [], {}
    for comment in comments:
        if comment.is_root:
            by_root[comment.root_index] = Branch(root=comment)
            branches.append(by_root[comment.root_index])
        elif comment.root_index in by_root:
            by_root[comment.root_index].replies.append(comment)
    if last_read is None:
        last_read = ReadPosition.objects.filter(thread=thread, user=user).values_list(
            "last_read_number", flat=True).first()
        last_read = -1 if last_read is None else last_read
    services.read_mark(user=user, thread=thread, known=last_read,
                       number=max((c.number for c in comments), default=0))
    last_read = max(last_read, 0)
    _prepare(comments, user, last_read=last_read, can_post=why_not is None,
             moderates=moderates, is_open=services.subject_open_reason(thread) is None)
    replying = next((c for c in comments if c.number == reply_to and not c.is_hidden), None) \
        if reply_to and why_not is None else None
    return ThreadView(
        thread=thread, branches=branches, pinned=pinned, page=page, pages=pages,
        last_read=last_read,
        first_unread=next((c.number for c in comments if c.is_new and not c.is_deleted), None),
        can_post=why_not is None, why_not=why_not, moderates=moderates,
        can_steer=_can_steer(user, thread, moderates), replying=replying,
    )


def _can_steer(user, thread, moderates) -> bool:
    """Start or move on intervision: a case's author or a facilitator, while the case is
    shared and open, the thread unlocked and a phase still to come."""
    return (bool(thread.case_id) and (moderates or thread.case.author_id == user.pk)
            and thread.case.status not in ("draft", "closed") and not thread.is_locked
            and thread.next_phase() is not None)


def _urls(names):
    """Each URL reversed once (with id 0); a comment's own is that with its id put in."""
    from django.urls import reverse

    return {name: reverse(name, args=[0]) for name in names}


def _with_id(url, pk):
    return url.replace("/0/", f"/{pk}/", 1)


def _prepare(comments, user, *, last_read, can_post, moderates, is_open=True):
    """What the template asks of each comment, worked out once here: a thread page renders
    many comments, and each lookup or URL reversed in the template costs per comment."""
    urls = _urls(["threads:comment", "threads:comment_react", "threads:comment_history",
                  "threads:comment_edit", "threads:comment_delete", "cohort:member"])
    from cohort.threads import actions

    extra = actions.for_moderator(user, "comment") if moderates else []
    phases = {value: str(label) for value, label in Thread.Phase.choices}
    for c in comments:
        c.is_mine = c.author_id == user.pk
        c.is_new = c.number > last_read and not c.is_mine
        c.shows_text = not c.is_deleted and (not c.is_hidden or moderates or c.is_mine)
        c.can_react = can_post and c.shows_text and not c.is_mine and not c.is_hidden
        c.can_reply = can_post and not c.is_hidden
        c.can_edit = c.is_mine and not c.is_deleted and is_open
        c.url = _with_id(urls["threads:comment"], c.pk)
        c.react_url = _with_id(urls["threads:comment_react"], c.pk)
        c.history_url = _with_id(urls["threads:comment_history"], c.pk)
        c.edit_url = _with_id(urls["threads:comment_edit"], c.pk)
        c.delete_url = _with_id(urls["threads:comment_delete"], c.pk)
        c.phase_display = phases.get(c.phase, c.phase) if c.phase else ""
        c.author_url = _with_id(urls["cohort:member"], c.author_id) if c.author_id else ""
        parent = c.parent
        c.reply_to_name = (parent.author_name
                           if parent is not None and parent.parent_id else None)
        c.extra_actions = [(label, pattern.format(pk=c.pk)) for label, pattern in extra
                           if c.shows_text and not c.is_hidden and not c.is_mine]


def _attach_reactions(user, comments, of_comments: Q):
    """Each comment gets ``reaction_summary``: every kind, who reacted (``names``, with
    their ``count``), whether you did (``mine``).
    ``of_comments`` selects the reactions of ``comments``."""
    by_comment: dict = defaultdict(lambda: defaultdict(list))
    mine = set()
    if comments:
        # Plain rows: a page of comments can carry hundreds of reactions.
        for comment_id, kind, user_id, *name in (
                Reaction.objects.filter(of_comments)
                .order_by("created_at", "pk")
                .values_list("comment_id", "kind", "user_id",
                             "user__display_name", "user__first_name", "user__last_name",
                             "user__email")):
            by_comment[comment_id][kind].append(User.display_name_of(*name))
            if user_id == user.pk:
                mine.add((comment_id, kind))
    kinds = [(kind, str(label)) for kind, label in Reaction.Kind.choices]
    for comment in comments:
        # Plain dicts, as the fragment's key and template take them (fragments._shown).
        reacted = by_comment.get(comment.pk, {})
        comment.reaction_summary = [
            {"kind": kind, "label": label, "names": reacted.get(kind, []),
             "mine": (comment.pk, kind) in mine, "count": len(reacted.get(kind, ()))}
            for kind, label in kinds
        ]


def empty_view(user, subject) -> ThreadView:
    """A subject nobody replied to yet has no thread row: the form still shows."""
    thread = Thread.of(subject)
    why_not = services.why_not_post(user, thread)
    moderates = permissions.can_moderate_thread(user, thread)
    return ThreadView(
        thread=thread, branches=[], pinned=None, page=1, pages=1, last_read=0,
        first_unread=None, can_post=why_not is None, why_not=why_not, moderates=moderates,
        can_steer=_can_steer(user, thread, moderates),
    )


def edition_reflections(user, cohort):
    """The shared reflections of an edition this user may read, newest activity first, with
    their unread count for the user."""
    return _with_unread(
        permissions.visible_reflections(user)
        .filter(cohort=cohort, status=Reflection.Status.SHARED)
        .select_related("author", "block", "thread")
        .order_by("block__number", "-last_activity_at"),
        user, prefix="thread__",
    )


def _unread(comments, user):
    """Of these comments, those that count as new for the user: by someone else, and still
    there to read (not removed, not hidden)."""
    return comments.filter(deleted_at__isnull=True, hidden_at__isnull=True).exclude(
        author_id=user.pk)


def _unread_count(user, thread_ref):
    """A subquery: how many comments of the thread (``thread_ref``, an OuterRef) are new
    for the user, past their read position."""
    # Inside the comments' subquery, OuterRef is the comment: its thread's read position.
    read = ReadPosition.objects.filter(thread_id=OuterRef("thread_id"), user_id=user.pk).values(
        "last_read_number")[:1]
    new = _unread(Comment.objects.filter(thread_id=thread_ref), user).filter(
        number__gt=Coalesce(Subquery(read), 0))
    return Coalesce(Subquery(new.values("thread_id").annotate(n=Count("pk")).values("n")[:1]),
                    0)


def _with_unread(queryset, user, prefix=""):
    return queryset.annotate(unread=_unread_count(user, OuterRef(f"{prefix}pk")))


def edition_threads(user, cohort, only_unread=False):
    """The threads of an edition the user may open, latest comment first, with unread."""
    threads = _with_unread(
        permissions.visible_threads(user).filter(cohort=cohort, last_number__gt=0)
        .select_related("case", "reflection__author", "reflection__block")
        .order_by(F("last_comment_at").desc(nulls_last=True), "-pk"),
        user,
    )
    if only_unread:
        threads = threads.filter(unread__gt=0)
    return threads


# --- Panels the apps below show ---------------------------------------------------------


def prompt_panel(request, block, prompt_ids):
    """Beneath each reflection prompt of an open block: the participant's own reflection
    (or the form for it), and the peers' reflections they may read."""
    user = request.user
    if not user.is_authenticated or not prompt_ids:
        return {}
    from cohort.threads.forms import ReflectionForm

    programme_cohorts = permissions.block_cohort_ids(user, block)
    if not programme_cohorts:
        return {}
    from cohort.models import CohortPage, Membership

    roles = permissions.cohort_roles_for(user)
    chosen = getattr(getattr(request, "block_state", None), "cohort", None)
    if chosen is not None and chosen.pk in programme_cohorts:
        cohort_id = chosen.pk  # the edition the block page is shown for (?editie=)
    else:
        # The edition they write in; else (a facilitator, an observer) their newest one.
        cohort_id = max(programme_cohorts,
                        key=lambda pk: (roles.get(pk) == Membership.Role.PARTICIPANT, pk))

    cohort = chosen if chosen is not None and chosen.pk == cohort_id else (
        CohortPage.objects.filter(pk=cohort_id).first())
    visible = list(
        permissions.visible_reflections(user)
        .filter(cohort=cohort, block=block, prompt_id__in=prompt_ids)
        .select_related("author", "thread").order_by("shared_at", "pk")
    )
    post_first = {p.id for p in services.block_prompts(block) if p.post_first}
    writes = permissions.can_write_reflection(user, cohort)
    owns = {}
    for prompt_id in prompt_ids:
        owns[prompt_id] = next((r for r in visible if r.prompt_id == prompt_id
                                and r.author_id == user.pk and not r.is_deleted), None)
    # Gated: a writer who has not shared on a post-first prompt; only she is told how many
    # peers wait behind it, so the count is read only for her (not for a facilitator).
    gated = {prompt_id for prompt_id, own in owns.items()
             if writes and prompt_id in post_first and (own is None or own.is_draft)}
    shared_counts = dict(
        Reflection.objects.filter(cohort=cohort, block=block, prompt_id__in=gated,
                                  status=Reflection.Status.SHARED, deleted_at__isnull=True)
        .exclude(author=user).values("prompt_id").annotate(n=Count("pk"))
        .values_list("prompt_id", "n")
    ) if gated else {}
    panels = {}
    for prompt_id in prompt_ids:
        own = owns[prompt_id]
        peers = [r for r in visible if r.prompt_id == prompt_id and r.author_id != user.pk
                 and not r.is_draft and not r.is_deleted]
        panels[prompt_id] = ("threads/prompt_panel.html", {
            "block": block, "cohort": cohort, "prompt_id": prompt_id, "own": own,
            "peers": peers, "gated": prompt_id in gated, "writes": writes,
            "hidden_count": shared_counts.get(prompt_id, 0),
            "form": ReflectionForm(initial={"body": own.body if own else ""})
            if writes and (own is None or not own.is_deleted) else None,
        })
    return panels


def case_thread_panel(request, case):
    user = request.user
    if case.is_draft or not permissions.in_edition(user, case.cohort_id):
        return None  # an author who left keeps their case, not its thread
    thread = with_last_read(Thread.objects.filter(case=case), user).select_related(
        "case__author", "cohort").first()
    view = (thread_view(user, thread, _page_number(request), last_read=thread.last_read,
                        reply_to=_page_number(request, "antwoord"))
            if thread else empty_view(user, case))
    view.focus = _page_number(request, "geplaatst")
    return ("threads/case_thread_panel.html", {"view": view, "subject_url": case.get_absolute_url(),
                                               "post_url": view.thread.post_url()})


def _page_number(request, name="pagina"):
    from cohort.converters import parse_id

    return parse_id(request.GET.get(name))


def my_leergang_panel(user, cohorts) -> dict:
    """Mijn leergang: per edition the threads with comments the member has not read, and
    their own reflections; two queries for all the editions together."""
    ids = [cohort.pk for cohort in cohorts]
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    # One query: the five latest unread threads of each edition, and (a window over all
    # of them) the edition's unread total.
    unread = (_with_unread(permissions.visible_threads(user)
                           .filter(cohort_id__in=ids, last_number__gt=0), user)
              .filter(unread__gt=0)
              .select_related("case", "reflection__author", "reflection__block"))
    latest_first = [F("last_comment_at").desc(nulls_last=True), F("pk").desc()]
    unread = (unread.annotate(
        unread_total=Window(Sum("unread"), partition_by=F("cohort_id")),
        rank=Window(RowNumber(), partition_by=F("cohort_id"), order_by=latest_first),
    ).filter(rank__lte=5).order_by(*latest_first))
    threads: dict[int, list] = {pk: [] for pk in ids}
    totals: dict[int, int] = dict.fromkeys(ids, 0)
    for thread in unread:
        threads[thread.cohort_id].append(thread)
        totals[thread.cohort_id] = thread.unread_total
    reflections: dict[int, list] = {pk: [] for pk in ids}
    for reflection in (permissions.visible_reflections(user)
                       .filter(cohort_id__in=ids, author=user, deleted_at__isnull=True)
                       .select_related("block").order_by("block__number")):
        reflections[reflection.cohort_id].append(reflection)
    return {cohort.pk: ("threads/my_leergang_panel.html", {
        "cohort": cohort, "unread_total": totals[cohort.pk],
        "threads": threads[cohort.pk],
        "own_reflections": reflections[cohort.pk],
    }) for cohort in cohorts}


def people_for(user, thread) -> list:
    """Whom the user can mention in this thread (``services.mentionable``) but themselves."""
    return [person for person in services.mentionable(thread) if person.pk != user.pk]


def case_counts(user, case_ids) -> dict[int, dict]:
    """For the case list: comments under each case and how many the user has not read."""
    if not case_ids:
        return {}
    threads = (Thread.objects.filter(case_id__in=case_ids, last_number__gt=0)
               .annotate(unread=_unread_count(user, OuterRef("pk")))
               .values_list("case_id", "comment_count", "unread"))
    return {case_id: {"comments": count, "unread": unread}
            for case_id, count, unread in threads}
