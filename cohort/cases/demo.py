"""Demo cases for ``seed_demo``: written for this project, in Dutch, people anonymised.
Idempotent: a case with the same title and author is kept."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import Case, CaseFeedback
from cohort.models import User
from cohort.programme.models import Session

# author: index into EDITION_*_PARTICIPANTS (deelnemerN = index + 1).
CASES = [
    {
        "edition": "editie-1", "author": 0, "block": 1, "status": "discussed",
        "attachment": True, "follow_up": (
            "Ik heb de wethouder gevraagd de opdracht opnieuw met de partners te bespreken. "
            "Dat gesprek was ongemakkelijk, maar sindsdien zit ik niet meer als enige aan de "
            "knoppen: de corporatie zit de volgende twee tafels voor."
        ),
        "title": "Wie is eigenlijk de eigenaar van de regiotafel wonen en zorg?",
        "situation": (
            "Sinds een jaar leid ik de regiotafel wonen en zorg. Vijf partners schuiven aan, "
            "maar de agenda, de verslagen en de vervolgacties komen allemaal van mij. Bij de "
            "laatste bijeenkomst zei een directeur: 'Jij regelt het toch wel.'"
        ),
        "my_role": (
            "Ik ben door de gemeente aangesteld als procesbegeleider. Wat dat precies inhoudt, "
            "is nooit met de partners afgesproken."
        ),
        "question": (
            "Hoe geef ik het eigenaarschap terug aan de partners zonder dat de tafel stilvalt?"
        ),
        "tried": "Ik heb taken verdeeld in het verslag. Niemand pakte ze op.",
        "parties": (
            "Gemeente (opdrachtgever), twee zorgaanbieders, een woningcorporatie en het "
            "zorgkantoor."
        ),
    },
    {
        "edition": "editie-1", "author": 1, "block": 1, "status": "submitted",
        "title": "Kwartiermaker of klusjesman?",
        "situation": (
            "In het zorgnetwerk ben ik aangesteld om 'de beweging op gang te brengen'. In de "
            "praktijk vraagt iedereen mij om zaaltjes te regelen en notulen te maken."
        ),
        "my_role": "Kwartiermaker, gefinancierd door drie partners samen.",
        "question": "Hoe maak ik mijn rol opnieuw afspreekbaar met drie opdrachtgevers?",
        "tried": "Een rolbeschrijving gemaakt. Die is vriendelijk ontvangen en daarna vergeten.",
        "parties": "Drie zorgorganisaties en een patiëntenplatform.",
    },
    {
        "edition": "editie-1", "author": 2, "block": 1, "status": "submitted",
        "title": "De coalitie wacht op mijn voorstel",
        "situation": (
            "De energiecoalitie moet kiezen tussen twee warmteroutes. Alle partners zeggen dat "
            "ik met een voorstel moet komen; zelf willen ze zich nog niet uitspreken."
        ),
        "my_role": "Netwerkcoördinator, formeel onafhankelijk.",
        "question": "Schrijf ik het voorstel, of houd ik de keuze bij de partners?",
        "tried": "Twee varianten uitgewerkt zonder voorkeur. Het gesprek bleef hangen.",
        "parties": "Provincie, netbeheerder, twee gemeenten, een energiecoöperatie.",
    },
    {
        "edition": "editie-1", "author": 3, "block": None, "status": "submitted",
        "audience": "facilitators",
        "title": "Spanning met mijn eigen leidinggevende",
        "situation": (
            "Mijn leidinggevende wil dat ik in de alliantie vooral de belangen van onze school "
            "bewaak. De partners verwachten van mij juist een onafhankelijke rol."
        ),
        "my_role": "Programmaregisseur, in dienst van één van de partners.",
        "question": "Hoe bespreek ik deze dubbele loyaliteit zonder mijn positie te verliezen?",
        "tried": "Nog niets: ik wil eerst met de begeleiders sparren.",
        "parties": "Mijn leidinggevende en de stuurgroep van de alliantie.",
    },
    {
        "edition": "editie-1", "author": 0, "block": None, "status": "draft",
        "title": "Concept: het overleg dat niemand wil afzeggen",
        "situation": "Nog uitwerken: een maandelijks overleg dat al lang geen doel meer heeft.",
        "my_role": "", "question": "", "tried": "", "parties": "",
    },
    {
        "edition": "editie-2", "author": 0, "block": None, "status": "submitted",
        "title": "Het waterschap als trekker tegen wil en dank",
        "situation": (
            "Omdat wij het budget hebben, kijkt iedereen naar ons om de gebiedsagenda te "
            "trekken. Ik merk dat de andere partners achterover leunen."
        ),
        "my_role": "Samenwerkingsadviseur bij het waterschap.",
        "question": "Hoe verdeel ik de trekkersrol zonder het budget als drukmiddel te gebruiken?",
        "tried": "Voorgesteld het voorzitterschap te laten rouleren.",
        "parties": "Waterschap, twee gemeenten, agrarische collectieven, natuurorganisatie.",
    },
]

FEEDBACK = {
    "Kwartiermaker of klusjesman?": (
        "audience",
        "Mooie casus voor de volgende bijeenkomst. Neem je rolbeschrijving mee: we kijken "
        "samen naar wie hem ondertekend zou moeten hebben.",
    ),
    "Spanning met mijn eigen leidinggevende": (
        "author",
        "Dank voor je vertrouwen. Zullen we voor de bijeenkomst een half uur bellen? Dan "
        "verkennen we samen wat je wel en niet in de groep wilt inbrengen.",
    ),
}


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


def seed(ctx):
    """Demo step "cases": cases of ``ctx.editions`` by their participants, some linked to
    ``ctx.blocks``, with feedback by ``ctx.facilitator``."""
    blocks, facilitator = ctx.blocks, ctx.facilitator
    by_slug = {edition.slug: edition for edition in ctx.editions}
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
