"""Demo content of the programme (blocks 1 and 2, sessions): written for this project, in Dutch."""

import datetime

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


SESSIONS = {
    "editie-1": [
        {"block": 1, "start": _at(datetime.date(2026, 5, 12), 9, 30), "end": _at(datetime.date(2026, 5, 12), 16, 30),
         "location": "De Werkplaats, Utrecht", "online_url": "", "notes": "Lunch wordt verzorgd."},
        {"block": 2, "start": _at(datetime.date(2026, 12, 8), 9, 30), "end": _at(datetime.date(2026, 12, 8), 16, 30),
         "location": "De Werkplaats, Utrecht", "online_url": "https://meet.example.org/leergang-editie-1",
         "notes": "Neem je casus op papier mee."},
    ],
    "editie-2": [
        {"block": 1, "start": _at(datetime.date(2027, 5, 11), 9, 30), "end": _at(datetime.date(2027, 5, 11), 16, 30),
         "location": "Huis van de Regio, Zwolle", "online_url": "", "notes": ""},
        {"block": 2, "start": _at(datetime.date(2027, 6, 15), 13, 0), "end": _at(datetime.date(2027, 6, 15), 17, 0),
         "location": "", "online_url": "https://meet.example.org/leergang-editie-2", "notes": "Online middag."},
    ],
}
