import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cohort.cases import services
from cohort.cases.models import Case
from cohort.models import Membership
from tests.factories import member

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="verslag.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


CASE_TEXT = {
    "title": "Vastgelopen regiotafel",
    "situation": "De partners wachten op elkaar.",
    "my_role": "Ik zit de tafel voor.",
    "question": "Hoe krijg ik beweging zonder alles zelf te doen?",
    "tried": "Een extra overleg gepland.",
    "parties": "Gemeente, zorgaanbieder, woningcorporatie.",
}


def make_case(author, cohort, *, status="submitted", audience="edition", files=(), **text):
    case = services.case_create(
        author=author, cohort=cohort, data={**CASE_TEXT, **text, "audience": audience},
        files=list(files),
    )
    if status != "draft":
        services.case_submit(user=author, case=case, audience=audience,
                             confidentiality_confirmed=True)
    case.refresh_from_db()
    if status in ("discussed", "closed"):
        fac = Membership.objects.filter(cohort=cohort, role="facilitator").first().user
        services.case_mark_discussed(user=fac, case=case)
        case.refresh_from_db()
    if status == "closed":
        services.case_close(user=author, case=case)
        case.refresh_from_db()
    return case


@pytest.fixture
def other_facilitator(edition2):
    """Facilitates edition 2 only."""
    return member(edition2, role=Membership.Role.FACILITATOR, first_name="Pieter",
                  email="pieter@example.org")


@pytest.fixture
def draft(participant, facilitator, edition1):
    return make_case(participant, edition1, status="draft")


@pytest.fixture
def submitted(participant, facilitator, edition1):
    return make_case(participant, edition1, files=[pdf_upload()])


@pytest.fixture
def facilitators_only(participant, facilitator, edition1):
    return make_case(participant, edition1, audience=Case.Audience.FACILITATORS,
                     title="Alleen voor de begeleiders", files=[pdf_upload("vertrouwelijk.pdf")])
