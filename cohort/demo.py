"""Demo content for ``seed_demo``: written for this project, in Dutch."""

import datetime

FACILITATOR = {
    "email": "begeleider@example.org",
    "first_name": "Marieke",
    "last_name": "van Dalen",
    "organisation": "Leergang Samenwerken",
    "role_name": "begeleider van de leergang",
}

# Edition 1: nine network leaders, each with their own name for the role.
EDITION_1_PARTICIPANTS = [
    ("Sanne", "de Wit", "Gemeente Zuidwaard", "procesbegeleider"),
    ("Youssef", "El Amrani", "Zorgnetwerk Rivierenland", "kwartiermaker"),
    ("Petra", "Hoekstra", "Regionale Energiecoalitie", "netwerkcoördinator"),
    ("Jeroen", "Bakker", "Onderwijsalliantie Oost", "programmaregisseur"),
    ("Anouk", "Visser", "Wijkteams Noord", "verbinder"),
    ("Ravi", "Ramdin", "Veiligheidshuis Midden", "ketenregisseur"),
    ("Ilse", "Mulder", "Provinciaal Natuurpact", "gebiedsmakelaar"),
    ("Thomas", "Smit", "Arbeidsmarktregio West", "aanjager"),
    ("Fatima", "Bouzid", "Jeugdhulp Samen", "netwerkmanager"),
]

EDITION_2_PARTICIPANTS = [
    ("Lotte", "Jansen", "Waterschap De Vaart", "samenwerkingsadviseur"),
    ("Koen", "Peters", "Cultuurplatform Stad", "trekker"),
    ("Mirjam", "de Boer", "Huisartsencoöperatie Kust", "regisseur"),
]

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

EDITIONS = [
    {
        "title": "Editie 1 — voorjaar 2026",
        "slug": "editie-1",
        "start_date": datetime.date(2026, 5, 12),
        "end_date": datetime.date(2027, 1, 26),
        "intro": "De eerste groep: negen netwerkleiders uit zorg, onderwijs, energie en veiligheid.",
    },
    {
        "title": "Editie 2 — voorjaar 2027",
        "slug": "editie-2",
        "start_date": datetime.date(2027, 5, 11),
        "end_date": None,
        "intro": "De tweede groep start in mei 2027.",
    },
]

BLOG = {
    "title": "Blog",
    "slug": "blog",
    "intro": "Wat we leren in de leergang, opgeschreven door de begeleiders.",
}
