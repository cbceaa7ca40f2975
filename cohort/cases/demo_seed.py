"""Demo cases for ``seed_demo`` (idempotent: a case with the same title and author is kept)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cohort.cases import services
from cohort.cases.demo import CASES, FEEDBACK
from cohort.cases.models import Case, CaseFeedback
from cohort.models import User
from cohort.programme.models import Session

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
    b"4 0 obj << /Length 58 >> stream\nBT /F1 18 Tf 60 760 Td (Speelveld regiotafel - demo) Tj ET\n"
    b"endstream endobj\n5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _author(spec):
    pattern = "deelnemer{n}@example.org" if spec["edition"] == "editie-1" else \
        "editie2-deelnemer{n}@example.org"
    return User.objects.get(email=pattern.format(n=spec["author"] + 1))


def seed_cases(*, editions, blocks, facilitator):
    by_slug = {edition.slug: edition for edition in editions}
    for spec in CASES:
        author = _author(spec)
        if Case.objects.filter(author=author, title=spec["title"]).exists():
            continue
        edition = by_slug[spec["edition"]]
        files = [SimpleUploadedFile("speelveld-regiotafel.pdf", DEMO_PDF)] \
            if spec.get("attachment") else []
        fields = ("title", "situation", "my_role", "question", "tried", "parties")
        case = services.case_create(
            author=author, cohort=edition, block=blocks.get(spec["block"]),
            data={name: spec[name] for name in fields}, files=files,
        )
        if spec["status"] == "draft":
            continue
        services.case_submit(user=author, case=case,
                             audience=spec.get("audience", "edition"),
                             confidentiality_confirmed=True)
        if spec["status"] == "discussed":
            # From the database: the edition's in-memory cluster holds unsaved copies.
            session = Session.objects.filter(cohort=edition).order_by("start").first()
            services.case_mark_discussed(user=facilitator, case=case, session=session)
            # Discussed some weeks ago, so the follow-up has been asked for and answered.
            past = timezone.now() - datetime.timedelta(weeks=5)
            Case.objects.filter(pk=case.pk).update(discussed_at=past)
            services.case_follow_ups_queue()
            case.refresh_from_db()
            services.case_follow_up_answer(user=author, case=case, text=spec["follow_up"])
    for title, (visibility, body) in FEEDBACK.items():
        case = Case.objects.filter(title=title).first()
        if case and not CaseFeedback.objects.filter(case=case).exists():
            services.case_feedback_add(user=facilitator, case=case, body=body,
                                       visibility=visibility)
    return None
