"""Demo reflections and threads for ``seed_demo``: written for this project, in Dutch.
Idempotent: a reflection per person and prompt, and a thread that has comments, are kept."""

from django.utils import timezone

from cohort.cases.models import Case
from cohort.models import User
from cohort.threads import services
from cohort.threads.models import Comment, ReadPosition, Reflection, Thread

# deelnemerN (edition 1) → their reflection on block 1's question; deelnemer8's stays a draft.
REFLECTIONS = {
    1: "Ik merkte dat ik de agenda van de regiotafel weer helemaal zelf had gemaakt, terwijl "
       "we hadden afgesproken dat de corporatie dat zou doen. Het voelde sneller. Volgende "
       "keer vraag ik eerst wie het oppakt en wacht ik het antwoord af.",
    2: "Bij het zorgnetwerk schreef ik de subsidieaanvraag 'even' voor een partner. Achteraf "
       "weet niemand daar wat erin staat. Ik wil leren om het ongemak van een trage partner "
       "te verdragen.",
    3: "Ik heb het gesprek met de provincie gevoerd dat eigenlijk de wethouder moest voeren. "
       "Ik dacht dat ik iemand hielp; ik nam vooral een verantwoordelijkheid over.",
    4: "Geen groot moment, wel veel kleine: notulen, een belrondje, een zaal. Samen is dat "
       "een dag per week werk dat niet bij mijn rol hoort.",
    5: "Een wijkteam vroeg mij de ruzie met de huisartsen te sussen. Ik zei meteen ja. Nu "
       "zie ik dat de vraag eigenlijk was: wie lost dit voor ons op?",
    6: "Ik hield mijn mond toen een partner een taak liet liggen, en pakte hem zelf op. Dat "
       "heet hier 'flexibel zijn', maar het houdt het patroon in stand.",
    7: "Deze maand juist niet: ik liet een actiepunt bewust liggen. Het was spannend, en de "
       "gemeente pakte het twee weken later alsnog op.",
    8: "Nog over nadenken: ik weet niet zeker of dit overnemen was of gewoon mijn werk.",
}

# (author, text, reply to the comment at this index or None); authors: "dN" = deelnemerN
# of edition 1, "b" = the facilitator.
CASE_THREADS = {
    "Wie is eigenlijk de eigenaar van de regiotafel wonen en zorg?": [
        ("d2", "Herkenbaar. Wat zou er gebeuren als je de volgende agenda gewoon níet "
               "rondstuurt?", None),
        ("d1", "Dan stuurt niemand hem, vrees ik. Maar misschien is dat precies het gesprek "
               "dat we moeten voeren.", 0),
        ("d4", "Bij ons hielp het om de voorzittersrol per kwartaal te laten rouleren. Dan "
               "wordt zichtbaar wie wat laat liggen.", None),
        ("b", "Mooi dat je de vraag teruglegt. Let op wie er als eerste in de stilte stapt: "
              "vaak ben jij dat zelf.", 2),
        ("d2", "@Sanne de Wit, wil je na de bijeenkomst vertellen hoe het ging? Ik sta voor "
               "dezelfde keuze.", None),
        ("d5", "Wat vraagt de wethouder eigenlijk van jou: dat de tafel draait, of dat de "
               "partners eigenaar worden? Dat zijn twee verschillende opdrachten.", None),
    ],
    "Kwartiermaker of klusjesman?": [
        ("d3", "Drie opdrachtgevers betekent misschien ook drie verschillende verhalen over "
               "je rol. Heb je ze ooit samen aan tafel gehad?", None),
        ("d2", "Nog niet. Goed punt: ik heb de rolbeschrijving steeds per partner "
               "besproken.", 0),
        ("d6", "Je kunt de notulen een keer overslaan en kijken wie het mist.", None),
        ("d9", "Bij mijn vorige werkgever ging het precies zo. Vraag het Henk van de "
               "thuiszorg maar, die heeft het van dichtbij meegemaakt.", None),
    ],
}

# The case in intervision, halfway: questions asked, hypotheses being formed.
INTERVISION_CASE = "De coalitie wacht op mijn voorstel"
INTERVISION = {
    "questions": [
        ("d1", "Wat gebeurt er als jij geen voorstel doet?", None),
        ("d3", "Dan kiest het college straks zonder de partners. Dat wil niemand.", 0),
        ("d7", "Wie van de partners heeft het meeste te verliezen bij elk van de twee "
               "routes?", None),
    ],
    "hypotheses": [
        ("d4", "Mijn hypothese: de partners wachten omdat een keuze hun achterban pijn "
               "doet, en met jouw voorstel hebben ze iemand om naar te wijzen.", None),
        ("d6", "Misschien is het voorstel vragen een manier om tijd te winnen.", None),
    ],
}

EDITION_2_CASE = "Het waterschap als trekker tegen wil en dank"
EDITION_2_THREAD = [
    ("e2", "Rouleren klinkt goed. Wie zit de eerste ronde voor?", None),
    ("e1", "De grootste gemeente, als het aan mij ligt. Die heeft er het meeste belang bij.", 0),
    ("e3", "Misschien helpt het om het budget los te koppelen van de agenda.", None),
]


def _person(code):
    if code == "b":
        return User.objects.get(email="begeleider@example.org")
    if code.startswith("e"):
        return User.objects.get(email=f"editie2-deelnemer{code[1:]}@example.org")
    return User.objects.get(email=f"deelnemer{code[1:]}@example.org")


def _post(thread, entries, posted):
    for code, body, reply_to in entries:
        parent = posted[reply_to] if reply_to is not None else None
        posted.append(services.comment_post(user=_person(code), thread=thread, body=body,
                                            parent=parent))
    return posted


def _react(comment, codes, kind):
    for code in codes:
        person = _person(code)
        if person.pk != comment.author_id:
            services.reaction_toggle(user=person, comment=comment, kind=kind)


def seed(ctx):
    """Demo step "threads": reflections on block 1's question by most of edition 1, threads
    under two cases with replies and reactions, one case in intervision ("hypotheses"), a
    hidden comment, unread comments for deelnemer1, and a small thread in edition 2."""
    block = ctx.blocks.get(1)
    editions = {edition.slug: edition for edition in ctx.editions}
    edition = editions["editie-1"]
    facilitator = ctx.facilitator
    prompt = next(iter(services.block_prompts(block)), None) if block else None
    if prompt is not None:
        for number, body in REFLECTIONS.items():
            author = _person(f"d{number}")
            if Reflection.objects.filter(author=author, block=block,
                                         prompt_id=prompt.id).exists():
                continue
            services.reflection_save(author=author, cohort=edition, block=block,
                                     prompt_id=prompt.id, body=body, share=number != 8)
        first = Reflection.objects.filter(author=_person("d1"), block=block,
                                          prompt_id=prompt.id).first()
        thread = Thread.objects.filter(reflection=first).first()
        if first and thread and not thread.last_number:
            _post(thread, [("d3", "Dat wachten op het antwoord: hoe lang houd je dat vol?",
                            None),
                           ("d1", "Ik heb het me voorgenomen voor één bijeenkomst. Daarna "
                                  "kijken we verder.", 0)], [])
    for title, entries in CASE_THREADS.items():
        case = Case.objects.filter(title=title).first()
        if case is None:
            continue
        thread = services.thread_for_case(case)
        if thread.last_number:
            continue
        posted = _post(thread, entries, [])
        _react(posted[0], ["d1", "d4", "d7"], "herkenbaar")
        _react(posted[0], ["d1"], "raak")
        _react(posted[min(3, len(posted) - 1)], ["d2", "d5"], "dank")
        if title.startswith("Kwartiermaker"):
            services.comment_hide(user=facilitator, comment=posted[-1],
                                  reason="Er staat een herkenbare naam in. Wil je het "
                                         "zonder naam opnieuw plaatsen?")
        if title.startswith("Wie is"):
            services.comment_pin(user=facilitator, comment=posted[5], pinned=True)
            # deelnemer1 read up to their own reply: what came after is new for them.
            ReadPosition.objects.filter(thread=thread, user=_person("d1")).update(
                last_read_number=posted[1].number)
    case = Case.objects.filter(title=INTERVISION_CASE).first()
    if case is not None and not services.thread_for_case(case).last_number:
        author = case.author
        thread = services.intervision_advance(user=author, case=case)   # questions
        posted = _post(thread, INTERVISION["questions"], [])
        thread = services.intervision_advance(user=facilitator, case=case)  # hypotheses
        _post(thread, INTERVISION["hypotheses"], posted)
    case = Case.objects.filter(title=EDITION_2_CASE).first()
    if case is not None:
        thread = services.thread_for_case(case)
        if not thread.last_number:
            posted = _post(thread, EDITION_2_THREAD, [])
            _react(posted[2], ["e1"], "dank")
    # So the demo reads as a few weeks of conversation, not one minute.
    now = timezone.now()
    for index, comment in enumerate(Comment.objects.filter(
            created_at__gte=now - timezone.timedelta(minutes=30)).order_by("-pk")):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=now - timezone.timedelta(hours=5 * index + 1))
