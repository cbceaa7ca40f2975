"""The core's demo content for ``seed_demo``: the accounts, written for this project, in Dutch.
The programme, its editions and everything in them are the demo of the apps they belong to."""

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

# Participants by edition slug (the programme's demo builds the editions and memberships).
PARTICIPANTS = {
    "editie-1": ("deelnemer{n}@example.org", EDITION_1_PARTICIPANTS),
    "editie-2": ("editie2-deelnemer{n}@example.org", EDITION_2_PARTICIPANTS),
}
