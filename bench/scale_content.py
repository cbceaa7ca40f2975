"""What happens inside the editions of the scale data: reflections, cases with their
history and feedback, threads with comments, reactions, watches and read positions, and
the notifications of schaal-veel. A mixin of ``bench/scale_seed.py``'s builder; every row
by ``bulk_create``, with the fields and counters the services would have left."""

import datetime
from contextlib import contextmanager

from bench.scale_text import (
    CASE_TITLES,
    COMMENTS,
    FEEDBACK,
    MY_ROLES,
    PARTIES,
    QUESTIONS,
    REFLECTIONS,
    SITUATIONS,
    TRIED,
)


@contextmanager
def _keep_created_at(*models):
    """Let bulk_create store the ``created_at`` given (``auto_now_add`` would make every
    row "now"), so the seeded history spreads over weeks as a real one does."""
    fields = [model._meta.get_field("created_at") for model in models]
    before = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, before, strict=True):
            f.auto_now_add = value


class Html:
    """Members' Markdown rendered once per distinct text, as the services store it."""

    def __init__(self):
        self._cache = {}

    def __call__(self, source):
        from cohort.threads import text

        if source not in self._cache:
            self._cache[source] = text.render(text.clean_source(source)).html
        return self._cache[source]


class EditionContent:
    """Needs ``rng``, ``now``, ``sizes``, ``blocks``, ``prompts``, ``people``, ``many``,
    ``built``, ``cases``, ``reflections``, ``threads`` and ``notice_candidates`` of the
    builder."""

    def _ago(self, days_max, days_min=0.0):
        return self.now - datetime.timedelta(days=self.rng.uniform(days_min, days_max))

    def _edition_content(self, number, edition):
        from cohort.cases.models import Case, CaseEvent, CaseFeedback
        from cohort.programme.models import BlockCompletion, Session
        from cohort.threads.models import Reflection, Thread

        rng = self.rng
        participants, facilitators = self.people[edition.pk]
        sessions = {s.block_id: s for s in Session.objects.filter(cohort=edition)}
        open_blocks = [b for b in self.blocks.values()
                       if sessions.get(b.pk) and sessions[b.pk].start <= self.now]
        viewer = participants[0]  # schaal-eN-d1: shares everything (the benchmark's reader)
        long_sizes = self.sizes.thread_sizes if number == 1 else ()
        long_authors = [p for p in participants if p != viewer][:len(long_sizes)]
        if len(long_authors) < len(long_sizes):
            raise ValueError("The long threads need as many participants besides the first "
                             "as there are thread sizes: raise --members.")

        # Reflections: one per person per prompt, on the prompts of the open blocks.
        reflections = []
        for block in open_blocks:
            for prompt in self.prompts[block.number]:
                for author in participants:
                    forced = author in (viewer, self.many) or (
                        not prompt.post_first and author in long_authors)
                    chance = rng.random()
                    if not forced and chance >= (0.85 if prompt.post_first else 0.65):
                        continue
                    shared = forced or chance < (0.78 if prompt.post_first else 0.55)
                    shared_at = self._ago(35 if block.number == 1 else 6, 0.1)
                    body = rng.choice(REFLECTIONS)
                    reflections.append(Reflection(
                        cohort=edition, author=author, block=block, prompt_id=prompt.id,
                        prompt_text=prompt.question, post_first=prompt.post_first,
                        body=body, body_html=self.html(body),
                        status=Reflection.Status.SHARED if shared else Reflection.Status.DRAFT,
                        shared_at=shared_at if shared else None,
                        created_at=shared_at - datetime.timedelta(hours=2),
                        last_activity_at=shared_at if shared else
                        shared_at - datetime.timedelta(hours=2),
                    ))
        with _keep_created_at(Reflection):
            Reflection.objects.bulk_create(reflections)
        shared = [r for r in reflections if r.status == Reflection.Status.SHARED]
        # reflection_share opens the thread beneath a reflection when it is shared.
        reflection_threads = Thread.objects.bulk_create(
            [Thread(cohort=edition, reflection=r) for r in shared])
        self.reflections += reflections

        # Cases: the first discussed, the second submitted, the third a draft; then a mix.
        cases, events, feedback = [], [], []
        case_blocks = [b for b in open_blocks if any(
            child.block_type == "case_assignment" for child in b.body)] or [None]
        for index in range(self.sizes.cases):
            author = participants[index % max(1, len(participants) - 1)]  # not schaal-veel
            chance = rng.random()
            status = (Case.Status.DISCUSSED if index == 0 else Case.Status.SUBMITTED
                      if index == 1 else Case.Status.DRAFT if index == 2 or chance < 0.15
                      else Case.Status.DISCUSSED if chance < 0.40 else Case.Status.SUBMITTED)
            audience = (Case.Audience.FACILITATORS if index > 2 and rng.random() < 0.1
                        else Case.Audience.EDITION)
            block = rng.choice(case_blocks) if rng.random() < 0.85 else None
            # Written after its block opened: a case for block 2 is at most a week old.
            limit = 40.0 if block is None else min(
                40.0, (self.now - sessions[block.pk].start).total_seconds() / 86400)
            created = self._ago(limit, min(1.0, limit / 2))
            case = Case(
                cohort=edition, author=author, block=block,
                title=rng.choice(CASE_TITLES), situation=rng.choice(SITUATIONS),
                my_role=rng.choice(MY_ROLES), question=rng.choice(QUESTIONS),
                tried=rng.choice(TRIED), parties=rng.choice(PARTIES), audience=audience,
                status=status, version=1, created_at=created, last_activity_at=created,
            )
            case_events = [CaseEvent(case=case, actor=author, kind=CaseEvent.Kind.CREATED,
                                     version=1, created_at=created)]
            if status != Case.Status.DRAFT:
                submitted = min(self.now, created + datetime.timedelta(hours=rng.uniform(1, 48)))
                case.submitted_at = case.confidentiality_confirmed_at = submitted
                case.last_activity_at, case.version = submitted, 2
                case_events.append(CaseEvent(case=case, actor=author, version=2,
                                             kind=CaseEvent.Kind.SUBMITTED, created_at=submitted))
            if status == Case.Status.DISCUSSED:
                session = sessions.get(getattr(block, "pk", None)) or min(
                    (s for s in sessions.values() if s.start <= self.now), key=lambda s: s.start)
                discussed = min(self.now, max(case.submitted_at, session.start)
                                + datetime.timedelta(hours=3))
                case.discussed_at = case.last_activity_at = discussed
                case.discussed_session, case.version = session, 3
                case_events.append(CaseEvent(case=case, actor=facilitators[0], version=3,
                                             kind=CaseEvent.Kind.DISCUSSED, session=session,
                                             created_at=discussed))
            if status != Case.Status.DRAFT and (index == 0 or rng.random() < 0.2):
                given = min(self.now, case.last_activity_at + datetime.timedelta(hours=5))
                visibility = (CaseFeedback.Visibility.AUDIENCE if rng.random() < 0.6
                              else CaseFeedback.Visibility.AUTHOR)
                feedback.append(CaseFeedback(case=case, author=facilitators[0],
                                             body=rng.choice(FEEDBACK), visibility=visibility,
                                             created_at=given))
                if visibility == CaseFeedback.Visibility.AUDIENCE:
                    case.last_activity_at = given  # what case_feedback_add moves
            cases.append(case)
            events += case_events
        with _keep_created_at(Case, CaseEvent, CaseFeedback):
            Case.objects.bulk_create(cases)
            for event in events:
                event.case_id = event.case.pk
            CaseEvent.objects.bulk_create(events)
            for item in feedback:
                item.case_id = item.case.pk
            CaseFeedback.objects.bulk_create(feedback)
        self.cases += cases

        # About half the participants marked block 1 done (schaal-veel, in every edition,
        # is left out: a completion is per person and block, not per edition).
        first_block = self.blocks[min(self.blocks)]
        BlockCompletion.objects.bulk_create([
            BlockCompletion(user=person, block=first_block, completed_at=self._ago(20, 1))
            for person in participants if person != self.many and rng.random() < 0.5
        ], ignore_conflicts=True)

        # Threads: who may comment is who may open the subject.
        everyone = participants + facilitators
        sharers = {}
        for r in shared:
            sharers.setdefault((r.block_id, r.prompt_id), []).append(r.author)
        plans = []  # (thread, subject, size, pool)
        by_reflection = {t.reflection_id: t for t in reflection_threads}
        for size, author in zip(long_sizes, long_authors, strict=True):
            reflection = next(r for r in shared if r.author == author
                              and r.block.number == 2 and not r.post_first)
            plans.append((by_reflection.pop(reflection.pk), reflection, size, everyone))
        for reflection in shared:
            thread = by_reflection.get(reflection.pk)
            if thread is None or rng.random() >= 0.35:
                continue
            pool = (sharers[(reflection.block_id, reflection.prompt_id)] + facilitators
                    if reflection.post_first else everyone)
            plans.append((thread, reflection, rng.randint(1, 5), pool))
        case_threads = []
        for case in cases:
            if case.status == Case.Status.DRAFT or (case is not cases[0]
                                                    and rng.random() >= 0.45):
                continue
            pool = (everyone if case.audience == Case.Audience.EDITION
                    else [case.author] + facilitators)
            thread = Thread(cohort=edition, case=case)
            case_threads.append(thread)
            plans.append((thread, case, 6 if case is cases[0] else rng.randint(1, 8), pool))
        Thread.objects.bulk_create(case_threads)  # thread_for_case: on the first comment
        self._comments(plans)
        self.threads += reflection_threads + case_threads

    def _comments(self, plans):
        """Comments for every planned thread: about one in three a reply to a recent
        top-level comment, reactions on about one in four; then the thread's counters, the
        subject's latest activity, the commenters' watches and read positions, as
        ``comment_post`` (and reading one's own comment) leaves them."""
        from cohort.cases.models import Case
        from cohort.notifications.models import SubjectWatch
        from cohort.threads.models import Comment, Reaction, ReadPosition, Reflection, Thread

        rng = self.rng
        roots, replies, meta = [], [], []
        for thread, subject, size, pool in plans:
            start = max(getattr(subject, "shared_at", None) or subject.submitted_at,
                        self.now - datetime.timedelta(days=30))
            span = (self.now - start).total_seconds()
            times = sorted(start + datetime.timedelta(seconds=rng.uniform(60, span))
                           for _ in range(size))
            thread_roots, thread_comments = [], []
            for number, at in enumerate(times, start=1):
                author = rng.choice(pool)
                body = rng.choice(COMMENTS)
                comment = Comment(thread=thread, number=number, author=author, body=body,
                                  body_html=self.html(body), created_at=at)
                if thread_roots and rng.random() < 1 / 3:
                    comment.parent = thread_roots[-1 - rng.randrange(min(3, len(thread_roots)))]
                    comment.root_index = comment.parent.root_index
                    replies.append(comment)
                else:
                    comment.root_index = len(thread_roots) + 1
                    thread_roots.append(comment)
                    roots.append(comment)
                thread_comments.append(comment)
            meta.append((thread, subject, thread_comments, len(thread_roots), pool))
        with _keep_created_at(Comment):
            Comment.objects.bulk_create(roots, batch_size=1000)
            for reply in replies:
                reply.parent_id = reply.parent.pk
            Comment.objects.bulk_create(replies, batch_size=1000)

        reactions, watches, positions = [], [], []
        kinds = [kind for kind, _label in Reaction.Kind.choices]
        touched_cases, touched_reflections = [], []
        for thread, subject, comments, root_count, pool in meta:
            for comment in comments:
                if rng.random() < 0.25:
                    others = [p for p in pool if p != comment.author]
                    for user in rng.sample(others, min(len(others), rng.randint(1, 3))):
                        reactions.append(Reaction(comment=comment, user=user,
                                                  kind=rng.choice(kinds)))
            last = comments[-1].created_at
            thread.last_number = thread.comment_count = len(comments)
            thread.root_count, thread.last_comment_at = root_count, last
            subject.last_activity_at = max(subject.last_activity_at, last)
            (touched_cases if isinstance(subject, Case) else touched_reflections).append(subject)
            key = f"case:{subject.pk}" if isinstance(subject, Case) else f"reflection:{subject.pk}"
            latest = {}
            for comment in comments:
                latest[comment.author.pk] = comment.number
            for user_id, number in latest.items():
                watches.append(SubjectWatch(user_id=user_id, subject_key=key,
                                            level=SubjectWatch.Level.WATCHING))
                positions.append(ReadPosition(thread=thread, user_id=user_id,
                                              last_read_number=number))
            self._comment_notices(subject, key, comments, latest)
        Reaction.objects.bulk_create(reactions, ignore_conflicts=True, batch_size=1000)
        Thread.objects.bulk_update([m[0] for m in meta], [
            "last_number", "comment_count", "root_count", "last_comment_at"], batch_size=500)
        Case.objects.bulk_update(touched_cases, ["last_activity_at"], batch_size=500)
        Reflection.objects.bulk_update(touched_reflections, ["last_activity_at"], batch_size=500)
        SubjectWatch.objects.bulk_create(watches, ignore_conflicts=True, batch_size=1000)
        ReadPosition.objects.bulk_create(positions, ignore_conflicts=True, batch_size=1000)

    # Notifications -------------------------------------------------------------------

    def _comment_notices(self, subject, key, comments, latest):
        """What schaal-veel would have been told of these comments: those after her own
        first one in a thread she follows (she joined it), or those on her own reflection."""
        from cohort.cases.models import Case

        many = self.many.pk
        own = subject.author_id == many
        if not own and many not in latest:
            return
        first = next((c.number for c in comments if c.author.pk == many), 0)
        title = subject.title if isinstance(subject, Case) else subject.block.title
        for comment in comments:
            if comment.author.pk == many or (not own and comment.number < first):
                continue
            self.notice_candidates.append((comment.created_at, {
                "kind": "comment_on_yours" if own else "comment_watched",
                "actor_id": comment.author.pk, "subject_key": key,
                "cohort_id": subject.cohort_id, "title": title,
                "url": comment.get_absolute_url(), "excerpt": comment.body,
                "event_key": f"comment:{comment.pk}",
            }))

    def _notifications(self):
        """``--notifications`` for schaal-veel, picked from what she would have been told:
        new cases and reflections in her editions and comments in threads she follows."""
        from cohort.cases.models import Case
        from cohort.notifications.models import Notification
        from cohort.notifications.services import excerpt_of

        many = self.many.pk
        candidates = list(self.notice_candidates)
        for case in self.cases:
            if case.status != Case.Status.DRAFT and case.audience == Case.Audience.EDITION:
                candidates.append((case.submitted_at, {
                    "kind": "case_submitted", "actor_id": case.author_id,
                    "subject_key": f"case:{case.pk}", "cohort_id": case.cohort_id,
                    "title": case.title, "url": case.get_absolute_url(), "excerpt": "",
                    "event_key": f"case:{case.pk}:submitted",
                }))
        for reflection in self.reflections:
            if reflection.status == "shared" and not reflection.post_first and \
                    reflection.author_id != many:
                candidates.append((reflection.shared_at, {
                    "kind": "reflection_shared", "actor_id": reflection.author_id,
                    "subject_key": f"reflection:{reflection.pk}",
                    "cohort_id": reflection.cohort_id, "title": reflection.block.title,
                    "url": reflection.get_absolute_url(), "excerpt": "",
                    "event_key": f"reflection:{reflection.pk}:shared",
                }))
        candidates.sort(key=lambda item: (item[0], item[1]["event_key"]))
        chosen = self.rng.sample(candidates, min(self.sizes.notifications, len(candidates)))
        rows = []
        for at, fields in chosen:
            old = self.now - at > datetime.timedelta(days=3)
            read = old and self.rng.random() < 0.75
            rows.append(Notification(
                recipient_id=many, created_at=at,
                read_at=at + datetime.timedelta(hours=self.rng.uniform(1, 60)) if read else None,
                digested_at=at + datetime.timedelta(days=1) if old else None,
                **{**fields, "excerpt": excerpt_of(fields["excerpt"])},
            ))
        with _keep_created_at(Notification):
            Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        if len(rows) < self.sizes.notifications:
            self.log(f"  only {len(rows)} events to tell schaal-veel about: raise the sizes "
                     "for more notifications")
