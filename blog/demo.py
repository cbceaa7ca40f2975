"""The blog's demo for ``seed_demo``: the blog, its author and the first parts of the series,
written for this project, in Dutch. Idempotent: what exists is left alone, so a second run
changes nothing."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.utils import timezone

from blog.models import (
    BlogAuthor,
    BlogIndexPage,
    BlogPostBlockLink,
    BlogPostPage,
    BlogPostTag,
    BlogSeries,
)
from blog.services import facilitators_blog_permissions_ensure
from cohort.demo_seed import child_page

BLOG = {
    "title": "Blog",
    "slug": "blog",
    "intro": "Wat we leren in de leergang, opgeschreven door de begeleiders.",
}

AUTHOR = {
    "role": "Begeleider van de leergang",
    "bio": (
        "Marieke begeleidt al vijftien jaar samenwerkingen tussen gemeenten, zorg en onderwijs. "
        "In deze blog schrijft ze op wat de groepen in de leergang haar leren, zonder namen "
        "en zonder casussen die van de deelnemers zelf zijn."
    ),
}

SERIES = {
    "slug": "op-reis-met-de-leergang",
    "title": "Op reis met de leergang Professioneel interveniëren in samenwerkingsverbanden",
    "introduction": (
        "Een serie over wat de eerste editie van de leergang ons leert. Elk deel volgt een "
        "blok van het programma. Je leest geen verslag van wie wat zei, wel de patronen die "
        "we samen zagen en die je in je eigen samenwerking kunt herkennen."
    ),
}

PART_1 = {
    "slug": "deel-1-jouw-plek",
    "title": "Jouw plek",
    "part_number": 1,
    "tags": ["netwerkleiderschap", "rol", "contracteren", "interventies"],
    "hero_alt": (
        "Een schets van vijf organisaties als cirkels, verbonden door lijnen, met één "
        "oranje cirkel aan de rand van het netwerk."
    ),
    "teaser": (
        "Negen netwerkleiders, negen namen voor hetzelfde werk. In het eerste blok zochten we "
        "uit welke plek je inneemt tussen de partners, waarom die plek afspraken vraagt en "
        "waarom stilzitten soms de sterkste ingreep is."
    ),
    "body": [
        ("paragraph",
         "<p>In mei begon de eerste editie van de leergang. Negen mensen die elk een "
         "samenwerking tussen organisaties trekken, in de zorg, het onderwijs, de energietransitie "
         "en het veiligheidsdomein. Ze komen niet voor theorie: ze komen met vragen uit hun "
         "eigen praktijk, over overleggen die vastlopen en partners die afhaken. In deze serie "
         "schrijf ik per blok op wat mij het meest trof. Niet wie wat zei, wel wat we samen "
         "ontdekten.</p>"),
        ("heading", {"text": "Eén rol, veel namen", "level": "h2"}),
        ("paragraph",
         "<p>We begonnen met een eenvoudige vraag: hoe heet jouw rol? Het rondje leverde een "
         "hele lijst op. Kwartiermaker, ketenregisseur, procesbegeleider, gebiedsmakelaar, "
         "aanjager, verbinder. Niemand in de groep noemde zichzelf netwerkleider, terwijl "
         "iedereen herkende wat dat woord beschrijft: je staat tussen organisaties in, je hebt "
         "geen zeggenschap over de mensen met wie je werkt, en toch rekent iedereen erop dat "
         "jij de boel in beweging houdt.</p>"
         "<p>Die verschillende namen zijn meer dan een woordkeuze. Een kwartiermaker maakt "
         "zichzelf op termijn overbodig, een regisseur blijft. Wie je een titel gaf, zei daarmee "
         "ook iets over wat er van je verwacht wordt. Vaak zonder het hardop te zeggen.</p>"),
        ("heading", {"text": "Inhoud of proces?", "level": "h2"}),
        ("paragraph",
         "<p>Een tweede verschil tekende zich snel af. Sommige deelnemers trekken vooral aan de "
         "inhoud. Zij vertellen het verhaal van de samenwerking, zetten de gezamenlijke ambitie "
         "op papier en weten een zaal mee te krijgen. Anderen richten zich op het proces. Zij "
         "zorgen dat de juiste mensen aan tafel zitten, dat besluiten ergens landen en dat "
         "niemand onderweg kwijtraakt.</p>"
         "<p>Beide zijn nodig, maar ze hoeven niet in één persoon samen te komen. Leiderschap in "
         "een netwerk is gedeeld werk. De vraag is dus niet welk profiel het beste is, maar "
         "welk profiel jij meebrengt, en wie in het netwerk de rest oppakt.</p>"),
        ("heading", {"text": "Je rol afspreken", "level": "h2"}),
        ("paragraph",
         "<p>Daarmee kwamen we bij het onderwerp dat de rest van de dag terugkwam: contracteren. "
         "Dat klinkt formeler dan het is. Het gaat om een gesprek met je opdrachtgever en je "
         "partners over wat ze van jou mogen verwachten. En minstens zo belangrijk: wat niet. "
         "Welke besluiten neem jij, welke liggen bij hen? Waar houdt jouw invloed op?</p>"
         "<p>Bijna iedereen in de groep had dat gesprek nooit expliciet gevoerd. Het werk was al "
         "begonnen voordat iemand de vraag stelde, en later voelde het vreemd om er nog op terug "
         "te komen. Toch is het nooit te laat. Een rol die je samen hebt vastgelegd, kun je "
         "ook samen bijstellen.</p>"),
        ("heading", {"text": "Te verantwoordelijk", "level": "h2"}),
        ("paragraph",
         "<p>De valkuil die we het vaakst tegenkwamen, is dat netwerkleiders zich te "
         "verantwoordelijk voelen voor het slagen van de samenwerking. Dat is begrijpelijk: je "
         "bent erbij betrokken en je ziet wat er op het spel staat. Maar hier zit een paradox. "
         "Een samenwerking draait pas echt als de partners zich er zelf aan verbinden, vanuit "
         "hun eigen ambities en belangen.</p>"
         "<p>Neem jij die verantwoordelijkheid van hen over, dan geef je hun ruimte om achterover "
         "te leunen. En wat doe je als je partners achterover zien leunen? Je gaat harder "
         "trekken. Zo ontstaat een vicieuze cirkel: hoe meer jij doet, hoe minder zij doen, "
         "en hoe zwaarder het voor jou wordt.</p>"),
        ("heading", {"text": "Op je handen zitten", "level": "h2"}),
        ("paragraph",
         "<p>Uit die cirkel stap je niet door nog beter je best te doen. Het vraagt het "
         "omgekeerde: af en toe een stap terug, van een afstand kijken wat er gebeurt, en de "
         "verantwoordelijkheid teruggeven aan de mensen bij wie ze hoort. Dat is lastig als je "
         "hart bij de opgave ligt. Juist daarom noemen we het een ingreep en geen gebrek aan "
         "inzet.</p>"),
        ("intervention", {
            "name": "Op je handen zitten",
            "when_to_use": (
                "Als je merkt dat je in een overleg de stiltes vult, de actiepunten naar je toe "
                "trekt of met een voorstel komt voordat de partners zelf hebben nagedacht."
            ),
            "how": (
                "Zeg hardop dat je even niets inbrengt. Stel één open vraag aan de groep, en "
                "wacht tot een partner die oppakt, ook als dat langer duurt dan prettig voelt."
            ),
            "pitfalls": (
                "Verdwijnen in plaats van ruimte maken. Of de stilte alsnog vullen met uitleg "
                "over waarom je stil bent."
            ),
        }),
        ("paragraph",
         "<p>Wat ik zelf uit dit blok meeneem: je plek in de samenwerking uitspreken beschermt "
         "niet alleen jou tegen een verantwoordelijkheid die niet te dragen is. Het maakt de "
         "samenwerking sterker, omdat partners weer zien wat van hen is. In het volgende deel "
         "kijken we naar het speelveld: wie zitten er aan tafel, en wat willen ze eigenlijk?</p>"),
    ],
}

PART_2 = {
    "slug": "deel-2-het-speelveld",
    "title": "Het speelveld",
    "part_number": 2,
    "tags": ["netwerkleiderschap", "belangen", "speelveld"],
    "hero_alt": (
        "Een schets van een ronde tafel met zes stippen eromheen; twee stippen staan wat "
        "verder weg, buiten de kring."
    ),
    "teaser": (
        "Een gedeeld doel verbergt vaak verschillende belangen. In het tweede blok brachten we "
        "het speelveld in kaart: wie doet er mee, wie niet, en wie beslist er eigenlijk?"
    ),
    "body": [
        ("paragraph",
         "<p>Na het blok over je eigen plek verlegden we de blik naar buiten. Elke samenwerking "
         "heeft een speelveld: de organisaties die meedoen, de mensen die hen vertegenwoordigen, "
         "en de partijen die er niet bij zitten maar wel invloed hebben. Wie dat speelveld niet "
         "kent, stuurt blind.</p>"),
        ("heading", {"text": "Hetzelfde doel, andere belangen", "level": "h2"}),
        ("paragraph",
         "<p>Op papier willen alle partners hetzelfde. Een sluitende zorgketen, een wijk waar "
         "het veilig is, een energienet dat de vraag aankan. Maar onder dat gedeelde doel zit "
         "een laag die zelden op tafel komt: wat levert het mijn organisatie op, wat kost het, "
         "en wat gebeurt er als het mislukt? Zolang die vragen onuitgesproken blijven, lijkt "
         "iedereen het eens, tot er een besluit genomen moet worden.</p>"),
        ("heading", {"text": "Een kaart die je samen tekent", "level": "h2"}),
        ("paragraph",
         "<p>We oefenden met een speelveldkaart: alle partijen op een vel, met lijnen voor wie "
         "van wie afhankelijk is. Het maken van de kaart bleek belangrijker dan het resultaat. "
         "Deelnemers die hun kaart alleen tekenden, misten steeds dezelfde dingen: de partij "
         "die wel betaalt maar nooit komt, of de afdeling die het besluit straks moet "
         "uitvoeren. Teken je hem met je partners, dan zie je ook hun blik op het veld.</p>"),
        ("heading", {"text": "Macht is geen vies woord", "level": "h2"}),
        ("paragraph",
         "<p>Het lastigste gesprek ging over macht. Netwerkleiders praten er liever niet over: "
         "we werken toch gelijkwaardig samen? Maar wie het geld heeft, wie de uitvoering doet "
         "en wie een besluit kan tegenhouden, bepaalt wat er gebeurt, of je het benoemt of "
         "niet. Het hardop maken van die verschillen bleek geen aanval, maar een opluchting. "
         "Pas dan kun je afspraken maken die ook standhouden.</p>"),
    ],
}


# --- Builder ---------------------------------------------------------------------------

BRAND = (29, 53, 87)
ACCENT = (231, 111, 81)
LINE = (160, 170, 180)
PAPER = (244, 246, 248)


def seed(ctx):
    """Demo step "blog": the blog under ``ctx.home``, written by ``ctx.facilitator``, its
    posts linked to ``ctx.blocks``.

    The series "Op reis met de leergang …": part 1 published, part 2 scheduled the Wagtail
    way (a revision approved for a later go-live moment), so the beat task
    ``publish_scheduled`` publishes it on its date and its subscribers are mailed then.
    """
    home, facilitator, blocks, child = ctx.home, ctx.facilitator, ctx.blocks, child_page
    facilitators_blog_permissions_ensure()
    blog = child(
        home, BlogIndexPage, BLOG["slug"],
        title=BLOG["title"], intro=BLOG["intro"],
    )
    author = _author(facilitator)
    series = BlogSeries.objects.get_or_create(
        slug=SERIES["slug"],
        defaults={"title": SERIES["title"], "introduction": SERIES["introduction"]},
    )[0]
    _post(child, blog, PART_1, author=author, series=series, block=blocks.get(1),
          image=_image("Netwerk met jouw plek (blog)", _draw_network))
    _post(child, blog, PART_2, author=author, series=series, block=blocks.get(2),
          image=_image("Het speelveld (blog)", _draw_table),
          live=False, go_live_at=_four_weeks_ahead())
    ctx.blog = blog


def _post(child, blog, spec, *, author, series, block, image, **extra):
    from taggit.models import Tag

    if blog.get_children().filter(slug=spec["slug"]).exists():
        return blog.get_children().get(slug=spec["slug"]).specific
    tags = [Tag.objects.get_or_create(name=name)[0] for name in spec["tags"]]
    return child(
        blog, BlogPostPage, spec["slug"],
        title=spec["title"], teaser=spec["teaser"], body=spec["body"],
        hero_image=image, hero_alt=spec["hero_alt"], author=author,
        series=series, part_number=spec["part_number"],
        tagged_items=[BlogPostTag(tag=tag) for tag in tags],
        block_links=[BlogPostBlockLink(block=block)] if block else [],
        **extra,
    )


def _four_weeks_ahead():
    """A moment ahead of every seed run on the day it runs: four weeks on, 09:00."""
    day = timezone.localdate() + datetime.timedelta(weeks=4)
    return datetime.datetime.combine(day, datetime.time(9, 0), ZoneInfo("Europe/Amsterdam"))


def _author(facilitator):
    author = BlogAuthor.objects.filter(user=facilitator).first()
    if author is not None:
        return author
    return BlogAuthor.objects.create(
        user=facilitator, name=facilitator.get_full_name() or facilitator.get_display_name(),
        role=AUTHOR["role"], bio=AUTHOR["bio"],
        photo=_image("Portret Marieke (blog)", _draw_portrait, size=(480, 480)),
    )


# --- Generated illustrations (nothing shipped or fetched) ---------------------------


def _image(title, draw, size=(1600, 900)):
    """A public image (root collection) drawn by ``draw``; found by title on later runs."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", size, PAPER)
    draw(ImageDraw.Draw(canvas), size)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    name = title.lower().split(" (")[0].replace(" ", "-") + ".png"
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=name),
        collection=Collection.get_first_root_node(),
    )


def _draw_network(draw, size):
    w, h = size
    nodes = [(0.2, 0.3), (0.45, 0.18), (0.75, 0.28), (0.62, 0.68), (0.3, 0.72)]
    points = [(int(x * w), int(y * h)) for x, y in nodes]
    for a in points:
        for b in points:
            draw.line([a, b], fill=LINE, width=4)
    for x, y in points:
        draw.ellipse([x - 70, y - 70, x + 70, y + 70], fill=BRAND)
    x, y = int(0.9 * w), int(0.55 * h)  # the network leader, at the edge
    draw.line([(x, y), points[2]], fill=ACCENT, width=6)
    draw.line([(x, y), points[3]], fill=ACCENT, width=6)
    draw.ellipse([x - 55, y - 55, x + 55, y + 55], fill=ACCENT)


def _draw_table(draw, size):
    import math

    w, h = size
    cx, cy, r = w // 2, h // 2, int(h * 0.28)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=BRAND, width=8)
    for i in range(6):
        angle = 2 * math.pi * i / 6
        x, y = cx + int((r + 80) * math.cos(angle)), cy + int((r + 80) * math.sin(angle))
        draw.ellipse([x - 45, y - 45, x + 45, y + 45], fill=BRAND)
    for x, y in ((int(0.1 * w), int(0.2 * h)), (int(0.88 * w), int(0.82 * h))):
        draw.ellipse([x - 40, y - 40, x + 40, y + 40], fill=ACCENT)
        draw.line([(x, y), (cx, cy)], fill=LINE, width=3)


def _draw_portrait(draw, size):
    w, h = size
    draw.rectangle([0, 0, w, h], fill=BRAND)
    draw.ellipse([w * 0.3, h * 0.16, w * 0.7, h * 0.56], fill=PAPER)
    draw.ellipse([w * 0.14, h * 0.6, w * 0.86, h * 1.3], fill=PAPER)
