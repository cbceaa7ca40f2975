"""The builder behind ``manage.py seed_scale`` (in ``cohort/consent/management/``): a large,
reproducible data set for the benchmarks (``bench/run.py``), in a programme of its own
("Schaalproef") beside the demo.

Pages go through Wagtail's tree and revisions (``add_child``, then a revision published),
so their view restrictions are the app's own (``MembersOnlyPageMixin.save``); memberships
go through ``cohort.services.membership_add``. Everything inside the editions (cases and
their history, reflections, threads, comments, reactions, watches, read positions) and the
notifications are made with ``bulk_create``, with the fields and the thread counters the
services would have left. The seeded events are not fanned out as notifications: only the
``notifications`` of one member (``schaal-veel``) are stored.

The same ``seed`` gives the same people, texts and structure; dates are relative to the
day it runs, as in the demo. All text is written for this project, in Dutch.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from bench.scale_content import EditionContent, Html
from bench.scale_text import (
    BLOCKS,
    BLOG,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    PARAGRAPHS,
    PLACES,
    POST_TITLES,
    PROGRAMME,
    ROLE_NAMES,
    SERIES,
    SERIES_EVERY,
    SESSION_WEEKS,
    TAGS,
    TEASERS,
)

PROGRAMME_SLUG = "schaalproef"
BLOG_SLUG = "schaalblog"
SERIES_SLUG = "schaalproef-onderweg"
FACILITATOR_EMAIL = "schaal-begeleider@example.org"
FACILITATOR2_EMAIL = "schaal-begeleider2@example.org"
MANY_EMAIL = "schaal-veel@example.org"
EMAIL_PREFIX, EMAIL_DOMAIN = "schaal-", "@example.org"
FACILITATOR2_EDITIONS = 2


def participant_email(edition: int, number: int) -> str:
    return f"schaal-e{edition}-d{number}@example.org"


@dataclass
class Sizes:
    editions: int = 50
    members: int = 12          # participants per edition, besides schaal-veel
    cases: int = 50            # per edition
    posts: int = 500
    notifications: int = 1000  # for schaal-veel
    thread_sizes: tuple = (10, 200, 2000)  # the long threads of edition 1


@dataclass
class Built:
    """What one run made, for the summary and the checks."""

    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    programme: object = None
    blog: object = None


# --- Helpers ------------------------------------------------------------------------


def _publish(parent, page):
    """The Wagtail way: a child in the tree, then its first revision published."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _at(day, hour, minute=0):
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     ZoneInfo("Europe/Amsterdam"))


# --- Queries about an existing seed --------------------------------------------------


def existing_programme():
    from cohort.programme.models import ProgrammePage

    return ProgrammePage.objects.filter(slug=PROGRAMME_SLUG).first()


def reset(log=print) -> None:
    """Remove what an earlier run made: its programme (with every edition and what is in
    it), its blog, its series, its blog author and its accounts."""
    from blog.models import BlogAuthor, BlogIndexPage, BlogSeries
    from cohort.models import User
    from cohort.programme.models import ProgrammePage

    for page in [*ProgrammePage.objects.filter(slug=PROGRAMME_SLUG),
                 *BlogIndexPage.objects.filter(slug=BLOG_SLUG)]:
        log(f"  removing {page.title} and everything below it …")
        page.delete()
    BlogSeries.objects.filter(slug=SERIES_SLUG).delete()
    users = User.objects.filter(email__startswith=EMAIL_PREFIX, email__endswith=EMAIL_DOMAIN)
    BlogAuthor.objects.filter(user__in=users).delete()
    users.delete()


# --- The builder ----------------------------------------------------------------------


def build(sizes: Sizes, *, password: str, seed: int = 1, log=print) -> Built:
    """Build the whole data set (the caller runs it in one transaction)."""
    started = time.perf_counter()
    builder = _Builder(sizes, random.Random(seed), password, log)
    built = builder.run()
    built.seconds = time.perf_counter() - started
    return built


class _Builder(EditionContent):
    def __init__(self, sizes, rng, password, log):
        self.sizes, self.rng, self.password, self.log = sizes, rng, password, log
        self.now = timezone.now()
        self.html = Html()
        self.built = Built()
        # Filled while building; bulk-created in one go per model where that is possible.
        self.cases, self.reflections, self.threads = [], [], []
        self.notice_candidates = []  # (created_at, Notification kwargs) for schaal-veel

    def _step(self, text):
        self.log(f"  {text} ({time.perf_counter() - self._t0:.1f} s)")

    def run(self) -> Built:
        from cohort.programme.demo import _home

        self._t0 = time.perf_counter()
        self.home = _home()  # the demo's own: the site's HomePage and default Site
        self._accounts()
        self._step(f"{len(self.users)} accounts")
        self._programme()
        self._step(f"programme with {len(self.blocks)} blocks")
        self._editions()
        self._step(f"{len(self.editions)} editions with their members")
        for number, edition in enumerate(self.editions, start=1):
            self._edition_content(number, edition)
        self._step("cases, reflections, threads and comments")
        self._notifications()
        self._step("notifications")
        self._blog()
        self._step(f"blog with {self.sizes.posts} posts")
        self._counts()
        return self.built

    # Accounts ------------------------------------------------------------------------

    def _accounts(self):
        from allauth.account.models import EmailAddress

        from cohort import services
        from cohort.models import User
        from cohort.notifications.services import preferences_ensure
        from cohort.permissions import FACILITATORS_GROUP

        services.facilitators_group_ensure()
        rng = self.rng
        specs = {
            FACILITATOR_EMAIL: ("Saskia", "Schaalbegeleider", "begeleider van de schaalproef"),
            FACILITATOR2_EMAIL: ("Ruben", "Tweede Begeleider", "begeleider"),
            MANY_EMAIL: ("Veerle", "Veel-Edities", "netwerkregisseur"),
        }
        for e in range(1, self.sizes.editions + 1):
            for m in range(1, self.sizes.members + 1):
                specs[participant_email(e, m)] = (
                    rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.choice(ROLE_NAMES))
        # One hash for every account: hashing 600 passwords one by one takes minutes.
        hashed = make_password(self.password)
        existing = set(User.objects.filter(email__in=list(specs)).values_list("email", flat=True))
        User.objects.bulk_create([
            User(email=email, password=hashed, first_name=first, last_name=last,
                 role_name=role, organisation=rng.choice(ORGANISATIONS))
            for email, (first, last, role) in specs.items() if email not in existing
        ], batch_size=500)
        User.objects.filter(email__in=existing).update(password=hashed)
        self.users = {u.email: u for u in User.objects.filter(email__in=list(specs))}
        EmailAddress.objects.bulk_create([
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in self.users.values()
        ], ignore_conflicts=True, batch_size=500)
        group = Group.objects.get(name=FACILITATORS_GROUP)
        group.user_set.add(self.users[FACILITATOR_EMAIL], self.users[FACILITATOR2_EMAIL])
        preferences_ensure([user.pk for user in self.users.values()])
        self.facilitator = self.users[FACILITATOR_EMAIL]
        self.facilitator2 = self.users[FACILITATOR2_EMAIL]
        self.many = self.users[MANY_EMAIL]

    # Pages ---------------------------------------------------------------------------

    def _programme(self):
        from cohort.programme.models import BlockPage, ProgrammeFacilitator, ProgrammePage
        from cohort.threads.services import block_prompts

        spec = PROGRAMME
        self.programme = _publish(self.home, ProgrammePage(
            title=spec["title"], slug=PROGRAMME_SLUG, intro=spec["intro"],
            audience=spec["audience"], how_to_join=spec["how_to_join"], body=spec["body"],
            facilitators=[ProgrammeFacilitator(**f) for f in spec["facilitators"]],
        ))
        self.blocks = {}
        for block in BLOCKS:
            page = _publish(self.programme, BlockPage(
                title=block["title"], slug=block["slug"], number=block["number"],
                theme=block["theme"], summary=block["summary"], body=block["body"]))
            # From the database: the prompts' StreamField ids as stored.
            self.blocks[block["number"]] = BlockPage.objects.get(pk=page.pk)
        self.prompts = {number: block_prompts(block) for number, block in self.blocks.items()}
        self.built.programme = self.programme

    def _sessions(self, number):
        from cohort.programme.models import Session

        today = timezone.localdate()
        sessions = []
        for block_number, block in self.blocks.items():
            weeks = SESSION_WEEKS.get(block_number, 8 + block_number)
            # Editions start on different days, the later blocks meet on a shared day.
            day = today + datetime.timedelta(weeks=weeks, days=-(number % 7)
                                             if block_number == 1 else 0)
            place = PLACES[(number + block_number) % len(PLACES)]
            sessions.append(Session(
                block=block, start=_at(day, 9, 30), end=_at(day, 16, 30), location=place,
                online_url="" if place else f"https://meet.example.org/schaal-{number}",
                notes="Neem je casus mee." if block_number == 2 else "",
            ))
        return sessions

    def _editions(self):
        from cohort import services
        from cohort.models import CohortPage, Membership

        self.editions, self.people = [], {}
        for number in range(1, self.sizes.editions + 1):
            sessions = self._sessions(number)
            edition = _publish(self.programme, CohortPage(
                title=f"Schaalproef editie {number}", slug=f"editie-{number}",
                start_date=timezone.localtime(sessions[0].start).date(),
                end_date=timezone.localtime(sessions[-1].end).date(),
                intro=f"Groep {number} van de schaalproef.", sessions=sessions,
            ))
            facilitators = [self.facilitator]
            if number <= FACILITATOR2_EDITIONS:
                facilitators.append(self.facilitator2)
            participants = [self.users[participant_email(number, m)]
                            for m in range(1, self.sizes.members + 1)] + [self.many]
            for user in facilitators:
                services.membership_add(user=user, cohort=edition,
                                        role=Membership.Role.FACILITATOR)
            for user in participants:
                services.membership_add(user=user, cohort=edition)
            self.editions.append(edition)
            self.people[edition.pk] = (participants, facilitators)

    # Inside an edition -----------------------------------------------------------------


    # Blog ----------------------------------------------------------------------------

    def _blog(self):
        from taggit.models import Tag

        from blog.models import (
            BlogAuthor,
            BlogIndexPage,
            BlogPostBlockLink,
            BlogPostPage,
            BlogPostTag,
            BlogSeries,
        )
        from blog.services import facilitators_blog_permissions_ensure

        rng = self.rng
        facilitators_blog_permissions_ensure()
        blog = _publish(self.home, BlogIndexPage(title=BLOG["title"], slug=BLOG_SLUG,
                                                 intro=BLOG["intro"]))
        author = BlogAuthor.objects.create(
            user=self.facilitator, name=self.facilitator.get_full_name(),
            role="Begeleider van de schaalproef", bio="Schrijft over wat de edities leren.")
        series = BlogSeries.objects.create(slug=SERIES_SLUG, **SERIES)
        tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        blocks = list(self.blocks.values())
        part = 0
        published = []
        for number in range(1, self.sizes.posts + 1):
            body = [("paragraph", rng.choice(PARAGRAPHS)),
                    ("heading", {"text": "Wat we zagen", "level": "h2"}),
                    ("paragraph", rng.choice(PARAGRAPHS))]
            if number % 3 == 0:
                body.append(("resource", {
                    "title": "Verder lezen", "description": "Een korte leeswijzer.",
                    "document": None, "url": f"https://www.example.org/leeswijzer-{number % 7}"}))
            if number % 5 == 0:
                body.append(("intervention", {
                    "name": "Eerst vragen", "when_to_use": "Als je een oplossing voelt opkomen.",
                    "how": "Stel eerst twee vragen voordat je iets voorstelt.", "pitfalls": ""}))
            in_series = number % SERIES_EVERY == 1
            part += in_series
            post = _publish(blog, BlogPostPage(
                title=f"{rng.choice(POST_TITLES)} ({number})", slug=f"notitie-{number}",
                teaser=rng.choice(TEASERS), body=body, author=author,
                series=series if in_series else None, part_number=part if in_series else None,
                tagged_items=[BlogPostTag(tag=tag) for tag in rng.sample(tags, rng.randint(1, 4))],
                block_links=[BlogPostBlockLink(block=block) for block in
                             rng.sample(blocks, rng.randint(1, 2))] if number % 3 == 1 else [],
            ))
            published.append(post.pk)
        # Oldest first: a post a day or so back from today, as a blog that has run for years.
        for age, pk in enumerate(reversed(published)):
            moment = self.now - datetime.timedelta(days=age * 1.7 + 0.5)
            BlogPostPage.objects.filter(pk=pk).update(first_published_at=moment,
                                                      last_published_at=moment)
        self.built.blog = blog

    # Summary -------------------------------------------------------------------------

    def _counts(self):
        from blog.models import BlogPostPage
        from cohort.cases.models import Case
        from cohort.models import Membership
        from cohort.notifications.models import Notification
        from cohort.programme.models import BlockCompletion
        from cohort.threads.models import Comment, Reaction, Reflection, Thread

        editions = [e.pk for e in self.editions]
        cases = Case.objects.filter(cohort_id__in=editions)
        self.built.counts = {
            "accounts": len(self.users),
            "editions": len(editions),
            "memberships": Membership.objects.filter(cohort_id__in=editions).count(),
            "cases": cases.count(),
            "cases, drafts": cases.filter(status=Case.Status.DRAFT).count(),
            "cases, discussed": cases.filter(status=Case.Status.DISCUSSED).count(),
            "reflections": Reflection.objects.filter(cohort_id__in=editions).count(),
            "blocks marked done": BlockCompletion.objects.filter(
                block__in=list(self.blocks.values())).count(),
            "threads": Thread.objects.filter(cohort_id__in=editions).count(),
            "comments": Comment.objects.filter(thread__cohort_id__in=editions).count(),
            "reactions": Reaction.objects.filter(
                comment__thread__cohort_id__in=editions).count(),
            "notifications (schaal-veel)": Notification.objects.filter(
                recipient=self.many).count(),
            "blog posts": BlogPostPage.objects.child_of(self.built.blog).live().count(),
        }


def long_thread_reflections(edition, count=3):
    """The reflections under which ``build`` put edition 1's long threads (``count`` of
    them, one per thread size, shortest first): those of its participants after the first,
    on the open question of block 2."""
    from cohort.models import Membership
    from cohort.threads.models import Reflection

    emails = [participant_email(1, m) for m in range(2, count + 2)] + [MANY_EMAIL]
    members = set(Membership.objects.filter(cohort=edition, user__email__in=emails)
                  .values_list("user__email", flat=True))
    authors = [email for email in emails if email in members][:count]
    found = {r.author.email: r for r in Reflection.objects.filter(
        cohort=edition, author__email__in=authors, block__number=2, post_first=False,
        status="shared").select_related("author", "thread")}
    return [found[email] for email in authors if email in found]


# --- A quick look at the site with the data -----------------------------------------


def smoke_check() -> list[tuple[str, str, int]]:
    """(who, url, status) for the pages a benchmark reads, through the test client: Mijn
    leergang, a case, the longest thread, the blog index and the desk."""
    from django.conf import settings
    from django.test import Client

    from blog.models import BlogIndexPage
    from cohort.cases.models import Case
    from cohort.models import CohortPage, User
    from cohort.threads.models import Thread

    programme = existing_programme()
    first = CohortPage.objects.child_of(programme).order_by("path").first()
    case = Case.objects.filter(cohort_id=first.pk, status="discussed").order_by("pk").first()
    longest = (Thread.objects.filter(cohort_id=first.pk).order_by("-comment_count").first())
    blog = BlogIndexPage.objects.get(slug=BLOG_SLUG)
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    host = "localhost" if "localhost" in hosts or not hosts else hosts[0]
    checks = [
        (FACILITATOR_EMAIL, "/mijn-leergang/"), (FACILITATOR_EMAIL, "/begeleiden/"),
        (FACILITATOR_EMAIL, case.get_absolute_url()),
        (participant_email(1, 1), "/mijn-leergang/"),
        (participant_email(1, 1), case.get_absolute_url()),
        (participant_email(1, 1), longest.subject_url()),
        (MANY_EMAIL, "/mijn-leergang/"), (MANY_EMAIL, "/meldingen/"),
        ("", blog.url), ("", programme.url),
    ]
    results = []
    for email, url in checks:
        client = Client(HTTP_HOST=host, raise_request_exception=False)
        if email:
            client.force_login(User.objects.get(email=email))
        results.append((email or "bezoeker", url, client.get(url).status_code))
    return results
