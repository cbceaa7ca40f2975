"""The programme's demo for ``seed_demo``: the home page, the programme with blocks 1 and 2,
two editions with their sessions and members, all written for this project, in Dutch.

Idempotent: what exists is found and left alone, so a second run changes nothing.
"""

import datetime
import io
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cohort import services
from cohort.demo_seed import child_page
from cohort.models import CohortPage, Membership
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme.models import (
    BlockPage,
    HomePage,
    ProgrammeFacilitator,
    ProgrammePage,
    Session,
)

HOME = {
    "title": "Leergang",
    "slug": "home",
    "intro": (
        "Leergangen voor professionals die samenwerkingsverbanden leiden. "
        "Je werkt in een kleine groep aan casussen uit je eigen praktijk."
    ),
}

PROGRAMME = {
    "title": "Professioneel interveniëren in samenwerkingsverbanden",
    "slug": "professioneel-intervenieren",
    "intro": (
        "Een leergang voor netwerkleiders die merken dat goed bedoelde inzet een "
        "samenwerking niet altijd vooruit helpt. Je onderzoekt je eigen rol en "
        "oefent met ingrepen die ruimte maken voor de partners."
    ),
    "body": [
        ("heading", {"text": "Wat levert het op?", "level": "h2"}),
        (
            "paragraph",
            "<p>Je leert je plek in de samenwerking bewust kiezen en afspreken, je "
            "herkent wanneer je werk van partners overneemt, en je hebt een handvol "
            "ingrepen geoefend die je de week erna kunt gebruiken.</p>",
        ),
        ("heading", {"text": "Hoe werkt het?", "level": "h2"}),
        (
            "paragraph",
            "<p>De leergang bestaat uit blokken met elk een bijeenkomst. Tussen de "
            "bijeenkomsten breng je een casus in, reflecteer je op wat je deed en "
            "reageer je op het werk van je medecursisten.</p>",
        ),
    ],
}

SEASONS = ["winter", "winter", "voorjaar", "voorjaar", "voorjaar", "zomer", "zomer", "zomer",
           "najaar", "najaar", "najaar", "winter"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def _tuesday(day):
    """The first Tuesday on or after ``day``: the demo's sessions fall on Tuesdays."""
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def _may(year):
    """The second Tuesday of May: editions start in May."""
    return _tuesday(datetime.date(year, 5, 8))


def _calendar(today=None):
    """The demo's dates, relative to today, so a demo seeded any day looks the same: edition
    1 started in the last May at least two months ago and meets again next week (block 2);
    edition 2 starts in the next May at least two weeks ahead."""
    from django.utils import timezone

    today = today or timezone.localdate()
    year = today.year if _may(today.year) <= today - datetime.timedelta(weeks=8) else \
        today.year - 1
    first = _may(year)
    second = _tuesday(today + datetime.timedelta(days=6))
    later = _may(year + 1)
    if later <= today + datetime.timedelta(weeks=2):
        later = _may(year + 2)
    return first, second, later


def edition_specs(today=None):
    first, second, later = _calendar(today)
    return [
        {
            "title": f"Editie 1 — {SEASONS[first.month - 1]} {first.year}",
            "slug": "editie-1",
            "start_date": first,
            "end_date": second + datetime.timedelta(weeks=7),
            "intro": "De eerste groep: negen netwerkleiders uit zorg, onderwijs, energie en "
                     "veiligheid.",
        },
        {
            "title": f"Editie 2 — {SEASONS[later.month - 1]} {later.year}",
            "slug": "editie-2",
            "start_date": later,
            "end_date": None,
            "intro": f"De tweede groep start in {MONTHS[later.month - 1]} {later.year}.",
        },
    ]


PROGRAMME_AUDIENCE = (
    "<p>Voor netwerkleiders met een paar jaar ervaring in het trekken van een "
    "samenwerking tussen organisaties: in zorg en welzijn, onderwijs, veiligheid, "
    "energie of ruimte. Je neemt je eigen praktijk mee; die is het lesmateriaal.</p>"
)
PROGRAMME_HOW_TO_JOIN = (
    "<p>Je wordt voor een editie uitgenodigd na een kennismakingsgesprek met de "
    "begeleider. Een editie telt ongeveer negen deelnemers en start elk jaar in mei. "
    "Vragen? Mail naar <a href=\"mailto:leergang@example.org\">leergang@example.org</a>.</p>"
)
FACILITATORS = [
    {
        "name": "Marieke van Dalen",
        "role": "Begeleider van de leergang",
        "bio": "Begeleidt al vijftien jaar samenwerkingen tussen gemeenten, zorg en onderwijs, "
        "en leert het meest van de vragen waar deelnemers mee binnenkomen.",
    },
]

BLOCKS = [
    {
        "number": 1,
        "title": "Jouw plek",
        "slug": "blok-1-jouw-plek",
        "theme": "Je rol als netwerkleider",
        "summary": "Welke plek neem je in tussen de partners, en wie heeft je die plek gegeven?",
        "body": [
            ("learning_goals", {
                "intro": "Na dit blok:",
                "goals": [
                    "kun je benoemen welke rol je in jouw samenwerking vervult en wie je die rol gaf;",
                    "zie je het verschil tussen sturen op inhoud en sturen op het proces;",
                    "heb je een eerste afspraak gemaakt over je rol met je opdrachtgever.",
                ],
            }),
            ("heading", {"text": "Eén rol, veel namen", "level": "h2"}),
            ("paragraph",
             "<p>Wie een samenwerking trekt, krijgt een titel die zelden zegt wat er van je "
             "verwacht wordt. Hetzelfde werk heet in de ene regio kwartiermaken en in de "
             "andere programmaregie. We beginnen daarom bij wat je feitelijk doet.</p>"),
            ("role_cards", {
                "intro": "Een paar namen die deelnemers voor hun rol gebruiken:",
                "roles": [
                    {"name": "Kwartiermaker", "line": "Bereidt de grond voor tot de samenwerking zelf kan lopen."},
                    {"name": "Procesbegeleider", "line": "Bewaakt hoe partners samen tot besluiten komen."},
                    {"name": "Verbinder", "line": "Legt contacten tussen mensen die elkaar nog niet vonden."},
                    {"name": "Regisseur", "line": "Houdt overzicht en spreekt partners aan op afspraken."},
                ],
            }),
            ("quote", {
                "quote": "Pas toen ik opschreef wie mij eigenlijk had gevraagd, begreep ik waarom niemand op mijn agenda reageerde.",
                "attribution": "Een deelnemer",
                "role": "netwerkcoördinator",
            }),
            ("heading", {"text": "Te verantwoordelijk", "level": "h2"}),
            ("paragraph",
             "<p>Wie zich verantwoordelijk voelt voor het slagen van de samenwerking, neemt "
             "werk over van partners. Die leunen dan achterover, waardoor je nog meer gaat "
             "trekken: een vicieuze cirkel. Een rol die je expliciet afspreekt, helpt om "
             "daaruit te stappen.</p>"),
            ("intervention", {
                "name": "Op je handen zitten",
                "when_to_use": "Als je merkt dat je het gesprek vult, voorstellen doet voordat partners dat kunnen, of actiepunten naar je toe trekt.",
                "how": "Benoem hardop dat je even niets inbrengt. Stel één open vraag en laat de stilte vallen tot een partner het oppakt.",
                "pitfalls": "Verdwijnen in plaats van ruimte maken; de stilte vullen met uitleg over waarom je stil bent.",
            }),
            ("session_agenda", {
                "entries": [
                    {"time": "09:30", "item": "Ontvangst en kennismaking", "detail": "Ieder vertelt in twee minuten over de eigen samenwerking."},
                    {"time": "10:15", "item": "Je rol in kaart", "detail": ""},
                    {"time": "12:30", "item": "Lunch", "detail": ""},
                    {"time": "13:30", "item": "Oefenen met contracteren", "detail": "In drietallen, met een waarnemer."},
                    {"time": "16:00", "item": "Afronding en opdracht voor blok 2", "detail": ""},
                ],
            }),
            ("resource", {
                "title": "Werkblad: mijn rol in één pagina",
                "description": "Vul dit in voor de eerste bijeenkomst.",
                "document": "DOCUMENT",
                "url": "",
            }),
            ("case_assignment", {
                "title": "Breng een casus mee",
                "what_to_bring": "<p>Een situatie uit je samenwerking die vastliep. Beschrijf wie "
                "erbij waren, wat jouw rol was en op welk moment je twijfelde.</p>",
                "due_session": 2,
            }),
            ("reflection_prompt", {
                "question": "Op welk moment nam jij deze maand werk over dat bij een partner hoorde?",
                "guidance": "Beschrijf de situatie in een paar zinnen en wat je de volgende keer anders zou doen.",
                "post_before_seeing_peers": True,
            }),
        ],
    },
    {
        "number": 2,
        "title": "Het speelveld",
        "slug": "blok-2-het-speelveld",
        "theme": "Partners, belangen en macht",
        "summary": "Wie doet er mee, wat willen ze, en wat gebeurt er als je dat niet uitspreekt?",
        "body": [
            ("learning_goals", {
                "intro": "",
                "goals": [
                    "je brengt de partners van je samenwerking en hun belangen in beeld;",
                    "je herkent wanneer een gedeeld doel een verschil in belang verbergt.",
                ],
            }),
            ("paragraph",
             "<p>In dit blok kijken we naar het speelveld: wie zit er aan tafel, wie niet, en "
             "wie beslist er werkelijk? We werken met de casussen die jullie meebrachten.</p>"),
            ("image", {"image": "IMAGE", "alt": "Schets van partners rond een tafel, met lijnen tussen hen.", "caption": "Een speelveldkaart maak je samen, niet alleen."}),
            ("video", {"video": "https://vimeo.com/76979871", "caption": "Korte uitleg over het maken van een speelveldkaart.", "transcript_url": ""}),
            ("resource", {"title": "Achtergrond: belangen en posities", "description": "Een korte leeswijzer.", "document": None, "url": "https://www.example.org/belangen-en-posities"}),
            ("reflection_prompt", {
                "question": "Welk belang van een partner heb je tot nu toe niet uitgesproken?",
                "guidance": "",
                "post_before_seeing_peers": False,
            }),
        ],
    },
]


def _at(day, hour, minute=0):
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour, minute), ZoneInfo("Europe/Amsterdam"))


def session_specs(today=None):
    first, second, later = _calendar(today)
    return {
        "editie-1": [
            {"block": 1, "start": _at(first, 9, 30), "end": _at(first, 16, 30),
             "location": "De Werkplaats, Utrecht", "online_url": "",
             "notes": "Lunch wordt verzorgd."},
            {"block": 2, "start": _at(second, 9, 30), "end": _at(second, 16, 30),
             "location": "De Werkplaats, Utrecht",
             "online_url": "https://meet.example.org/leergang-editie-1",
             "notes": "Neem je casus op papier mee."},
        ],
        "editie-2": [
            {"block": 1, "start": _at(later, 9, 30), "end": _at(later, 16, 30),
             "location": "Huis van de Regio, Zwolle", "online_url": "", "notes": ""},
            {"block": 2, "start": _at(later + datetime.timedelta(weeks=5), 13, 0),
             "end": _at(later + datetime.timedelta(weeks=5), 17, 0), "location": "",
             "online_url": "https://meet.example.org/leergang-editie-2", "notes": "Online middag."},
        ],
    }


# --- Builder ---------------------------------------------------------------------------


def _home() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's first migration leaves a plain welcome page on slug "home".
        for page in root.get_children().filter(slug=HOME["slug"]):
            if type(page.specific) is Page and not page.get_children().exists():
                page.delete()
        home = child_page(root, HomePage, HOME["slug"], title=HOME["title"], intro=HOME["intro"])
    # Canonical and feed links follow the Wagtail Site: make it the address the demo runs at.
    url = urlsplit(settings.SITE_URL)
    hostname = url.hostname or "localhost"
    port = url.port or (443 if url.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True,
            site_name="Leergang",
        )
    elif (site.root_page_id, site.site_name, site.hostname, site.port) != (
        home.pk, "Leergang", hostname, port
    ):
        site.root_page = home
        site.site_name = "Leergang"
        site.hostname, site.port = hostname, port
        site.save()
    return home


def _material_collection():
    """Course material: documents and images here open for members of an edition only."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Materiaal voor deelnemers").first()
    if collection is None:
        collection = root.add_child(name="Materiaal voor deelnemers")
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.LOGIN}
    )
    return collection


def _demo_image():
    """A generated illustration for the image block (no files shipped or fetched)."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    Image = get_image_model()
    # Block 1 is members-only, so its image is course material too.
    collection = _material_collection()
    existing = Image.objects.filter(title="Speelveldkaart (demo)").first()
    if existing:
        if existing.collection_id != collection.pk:
            existing.collection = collection
            existing.save(update_fields=["collection"])
        return existing
    canvas = PILImage.new("RGB", (1200, 675), (244, 246, 248))
    draw = ImageDraw.Draw(canvas)
    centres = [(300, 200), (600, 140), (900, 220), (820, 500), (380, 500)]
    for a in centres:
        for b in centres:
            draw.line([a, b], fill=(160, 170, 180), width=3)
    for x, y in centres:
        draw.ellipse([x - 60, y - 60, x + 60, y + 60], fill=(29, 53, 87))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(
        title="Speelveldkaart (demo)",
        file=ImageFile(buffer, name="speelveldkaart.png"),
        collection=collection,
    )


def _demo_document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    existing = Document.objects.filter(title="Werkblad: mijn rol (demo)").first()
    if existing:
        return existing
    text = (
        "Werkblad: mijn rol in één pagina\n\n"
        "1. Hoe heet mijn rol, en wie gaf mij die naam?\n"
        "2. Wie is mijn opdrachtgever, en wat heb ik met hem of haar afgesproken?\n"
        "3. Waar voel ik mij verantwoordelijk voor dat eigenlijk bij een partner hoort?\n"
    )
    document = Document(title="Werkblad: mijn rol (demo)", collection=_material_collection())
    document.file.save("werkblad-mijn-rol.txt", ContentFile(text.encode()), save=False)
    document.save()
    return document


def _resolve(body, image, document):
    resolved = []
    for block_type, value in body:
        if isinstance(value, dict):
            value = {
                key: image if item == "IMAGE" else document if item == "DOCUMENT" else item
                for key, item in value.items()
            }
        resolved.append((block_type, value))
    return resolved


def _blocks(programme):
    image, document = _demo_image(), _demo_document()
    blocks = {}
    for spec in BLOCKS:
        blocks[spec["number"]] = child_page(
            programme, BlockPage, spec["slug"], title=spec["title"], number=spec["number"],
            theme=spec["theme"], summary=spec["summary"],
            body=_resolve(spec["body"], image, document),
        )
    return blocks


def _sessions(edition, blocks):
    """Sessions are part of the edition page: added (and published) only when it has none."""
    if edition.sessions.exists():
        return
    for spec in session_specs().get(edition.slug, []):
        edition.sessions.add(
            Session(
                block=blocks.get(spec["block"]), start=spec["start"], end=spec["end"],
                location=spec["location"], online_url=spec["online_url"], notes=spec["notes"],
            )
        )
    edition.save_revision().publish()


def _workflow(programme):
    """Moderation by a second facilitator of the programme, for the whole programme."""
    from wagtail.models import Task, Workflow, WorkflowPage, WorkflowTask

    from cohort.programme.workflows import ProgrammeReviewTask

    # Wagtail's own default workflow (for the rest of the site) gets a Dutch name too.
    Workflow.objects.filter(name="Moderators approval").update(
        name="Goedkeuring door een moderator")
    Task.objects.filter(name="Moderators approval").update(name="Goedkeuring door een moderator")
    Workflow.objects.filter(name="Review door een begeleider").update(
        name="Beoordeling door een begeleider")  # a demo seeded before the name changed
    workflow, created = Workflow.objects.get_or_create(name="Beoordeling door een begeleider")
    if created:
        task = ProgrammeReviewTask.objects.create(name="Goedkeuring door een andere begeleider")
        task.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=programme, defaults={"workflow": workflow})


def seed(ctx):
    """Demo step "programme": reads ``ctx.facilitator`` and ``ctx.participants`` (the core's
    accounts); adds ``ctx.home``, ``ctx.programme``, ``ctx.blocks`` (by number),
    ``ctx.editions`` and ``ctx.home_url``."""
    home = _home()
    programme = child_page(
        home, ProgrammePage, PROGRAMME["slug"],
        title=PROGRAMME["title"], intro=PROGRAMME["intro"], body=PROGRAMME["body"],
        audience=PROGRAMME_AUDIENCE, how_to_join=PROGRAMME_HOW_TO_JOIN,
        facilitators=[ProgrammeFacilitator(**f) for f in FACILITATORS],
    )
    blocks = _blocks(programme)
    editions = [
        child_page(
            programme, CohortPage, edition["slug"], title=edition["title"],
            start_date=edition["start_date"], end_date=edition["end_date"],
            intro=edition["intro"],
        )
        for edition in edition_specs()
    ]
    for edition in editions:
        services.membership_add(
            user=ctx.facilitator, cohort=edition, role=Membership.Role.FACILITATOR
        )
        _sessions(edition, blocks)
    _workflow(programme)
    for edition in editions:
        for user in ctx.participants.get(edition.slug, []):
            services.membership_add(user=user, cohort=edition)
    ctx.home, ctx.programme, ctx.blocks, ctx.editions = home, programme, blocks, editions
    ctx.home_url = home.full_url or "/"
