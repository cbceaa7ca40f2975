"""The words of the scale data (``bench/scale_seed.py``): names, the programme, its
blocks, cases, reflections, comments and blog posts, written for this project, in
Dutch. The seed picks from these lists; nothing here is copied from elsewhere."""


FIRST_NAMES = [
    "Anne", "Bram", "Carmen", "Daan", "Esra", "Floor", "Gijs", "Hanna", "Ivo", "Jamila",
    "Kees", "Lieke", "Mehmet", "Nina", "Olaf", "Priya", "Quinten", "Roos", "Sem", "Tess",
    "Umut", "Vera", "Wouter", "Xander", "Yara", "Zoë", "Arjen", "Bo", "Chantal", "Dirk",
    "Elif", "Frank", "Greet", "Hidde", "Inge", "Joost", "Karin", "Luuk", "Maud", "Nadia",
]
LAST_NAMES = [
    "Aarts", "Bosman", "Claassen", "Dijkstra", "Evers", "Fransen", "Gerritsen", "Hendriks",
    "IJzerman", "Jacobs", "Kuipers", "Lammers", "Meijer", "Nijland", "Oosterhuis", "Pauw",
    "Roelofs", "Schouten", "Terpstra", "Uittenbogaard", "Veenstra", "Willems", "Yilmaz",
    "Zwart", "van den Berg", "de Graaf", "van Leeuwen", "ter Horst", "El Idrissi", "Kok",
]
ORGANISATIONS = [
    "Gemeente Heuvelrand", "Zorgcoöperatie Midden", "Waterschap De Laagte",
    "Regionaal Mobiliteitsplatform", "Onderwijsnetwerk Delta", "Sportakkoord Oost",
    "Woonalliantie Noord", "Veiligheidsregio Kust", "Cultuurnetwerk Stad",
    "Energieloket Samen", "Armoedepact West", "Gezondheidsregio Zuid",
]
ROLE_NAMES = [
    "netwerkregisseur", "kwartiermaker", "procesbegeleider", "programmatrekker",
    "verbinder", "coalitiebouwer", "gebiedsregisseur", "aanjager",
]

PROGRAMME = {
    "title": "Schaalproef: samenwerken in veel edities",
    "intro": ("Een leergang die in veel groepen tegelijk loopt. Elke editie werkt aan "
              "casussen uit de eigen praktijk en deelt wat ze leert."),
    "audience": ("<p>Voor mensen die een samenwerking tussen organisaties trekken en willen "
                 "oefenen met hun rol daarin.</p>"),
    "how_to_join": "<p>Je wordt uitgenodigd door een begeleider van je editie.</p>",
    "body": [
        ("heading", {"text": "Zo werkt de proef", "level": "h2"}),
        ("paragraph", "<p>Vier blokken, elk met een bijeenkomst. Tussendoor breng je een "
                      "casus in en reageer je op het werk van de anderen.</p>"),
    ],
    "facilitators": [
        {"name": "Schaalbegeleider", "role": "begeleider van alle edities",
         "bio": "Begeleidt de groepen en houdt het overzicht over de edities."},
    ],
}

BLOCKS = [
    {
        "number": 1, "title": "Vertrekpunt", "slug": "blok-1-vertrekpunt",
        "theme": "Waar sta je nu?",
        "summary": "Je beschrijft je samenwerking en de plek die jij daarin hebt.",
        "body": [
            ("paragraph", "<p>We beginnen bij de samenwerking zoals die nu is: wie doet mee, "
                          "wie trekt, en waar loopt het stroef?</p>"),
            ("case_assignment", {
                "title": "Breng een vastgelopen moment mee",
                "what_to_bring": "<p>Een moment waarop de samenwerking stokte. Schrijf op wie "
                                 "er waren, wat jij deed en wat je nu zou willen vragen.</p>",
                "due_session": 2,
            }),
            ("reflection_prompt", {
                "question": "Wanneer merkte je deze maand dat je meer trok dan je rol vraagt?",
                "guidance": "Een paar zinnen is genoeg.",
                "post_before_seeing_peers": True,
            }),
        ],
    },
    {
        "number": 2, "title": "Partners in beeld", "slug": "blok-2-partners-in-beeld",
        "theme": "Belangen en afhankelijkheden",
        "summary": "Wie heeft wat nodig, en wat blijft er onuitgesproken?",
        "body": [
            ("paragraph", "<p>In dit blok tekenen we samen wie van wie afhankelijk is.</p>"),
            ("intervention", {
                "name": "De lege stoel",
                "when_to_use": "Als een partij die ertoe doet niet aan tafel zit.",
                "how": "Zet een stoel bij en vraag steeds: wat zou deze partij hiervan vinden?",
                "pitfalls": "Invullen wat de afwezige vindt in plaats van het te vragen.",
            }),
            ("reflection_prompt", {
                "question": "Welke partner kent je samenwerking het minst, en waarom?",
                "guidance": "",
                "post_before_seeing_peers": False,
            }),
        ],
    },
    {
        "number": 3, "title": "Knopen doorhakken", "slug": "blok-3-knopen-doorhakken",
        "theme": "Besluiten in een netwerk",
        "summary": "Hoe komen partners tot een besluit dat ook standhoudt?",
        "body": [
            ("paragraph", "<p>Een besluit in een netwerk is pas genomen als de partners het "
                          "ook uitvoeren.</p>"),
            ("case_assignment", {
                "title": "Een besluit dat niet landde",
                "what_to_bring": "<p>Een afspraak die op papier stond maar niet werd "
                                 "uitgevoerd.</p>",
                "due_session": 3,
            }),
            ("reflection_prompt", {
                "question": "Welk besluit hield je liever zelf in de hand?",
                "guidance": "",
                "post_before_seeing_peers": True,
            }),
        ],
    },
    {
        "number": 4, "title": "Vasthouden", "slug": "blok-4-vasthouden",
        "theme": "Na de leergang",
        "summary": "Wat neem je mee, en wie helpt je het vol te houden?",
        "body": [
            ("learning_goals", {"intro": "Na dit blok:", "goals": [
                "weet je welke gewoonte je wilt veranderen;",
                "heb je een maatje uit je editie om op terug te vallen.",
            ]}),
            ("paragraph", "<p>We sluiten af met wat je de komende maanden wilt oefenen.</p>"),
        ],
    },
]
# Weeks from today of each block's session: blocks 1 and 2 have met (open), 3 and 4 not.
SESSION_WEEKS = {1: -6, 2: -1, 3: 2, 4: 6}
PLACES = ["Het Netwerkhuis, Amersfoort", "Stadskantoor, Zwolle", "De Kade, Rotterdam",
          "Provinciehuis, Arnhem", ""]

CASE_TITLES = [
    "Het overleg dat niemand voorzit", "Drie opdrachtgevers, één plan",
    "De partner die altijd later komt", "Wie betaalt de pilot?",
    "Het convenant dat in de la bleef", "Een wethouder die het zelf wil doen",
    "Stilte na de stuurgroep", "De werkgroep die steeds groter wordt",
    "Geen mandaat aan tafel", "Een subsidie als drukmiddel", "Twee trekkers, één tafel",
    "Afspraken die alleen ik onthoud", "De directeur die niet meer komt",
    "Een agenda vol mededelingen", "Het project dat een organisatie werd",
    "Wie spreekt namens de wijk?", "Een evaluatie die niemand wil lezen",
    "De corporatie haakt af", "Te snel een oplossing", "Het gedeelde doel dat niet gedeeld is",
]
SITUATIONS = [
    "Sinds de start zit ik elk overleg voor. De partners vinden dat prettig, maar niemand "
    "neemt zelf een punt mee.",
    "Na de laatste bijeenkomst bleef een besluit liggen. Iedereen wacht op iemand anders.",
    "Een van de partners zegt in het overleg ja en doet daarna iets anders.",
    "De samenwerking groeit snel: er schuiven steeds meer mensen aan, zonder duidelijke rol.",
    "Mijn opdrachtgever wil resultaten zien, de partners willen eerst elkaar leren kennen.",
    "Het budget zit bij één partij, en dat merk je aan wie er aan het woord is.",
]
MY_ROLES = [
    "Ik ben aangesteld als onafhankelijk trekker, betaald door twee partners.",
    "Ik werk bij een van de partners en trek de samenwerking erbij.",
    "Formeel ben ik secretaris; in de praktijk regel ik alles.",
    "Ik ben ingehuurd voor een jaar om de samenwerking op gang te brengen.",
]
QUESTIONS = [
    "Hoe leg ik het werk terug zonder dat het stilvalt?",
    "Wanneer is het mijn taak om in te grijpen, en wanneer niet?",
    "Hoe maak ik bespreekbaar wat iedereen ziet maar niemand zegt?",
    "Moet ik een voorstel doen, of de keuze bij de partners laten?",
    "Hoe spreek ik mijn opdrachtgever aan zonder de relatie te schaden?",
]
TRIED = [
    "Ik heb taken verdeeld in het verslag; ze bleven liggen.",
    "Een gesprek met de voorzitter, dat vriendelijk verliep maar niets veranderde.",
    "Nog niets: ik wilde het eerst hier bespreken.",
    "Ik heb een week niets gestuurd om te zien wat er gebeurde.",
]
PARTIES = [
    "Gemeente, twee zorgaanbieders en een woningcorporatie.",
    "Drie scholen, het samenwerkingsverband en de gemeente.",
    "Provincie, waterschap, twee gemeenten en een boerencollectief.",
    "Politie, jeugdhulp, het wijkteam en de woningcorporatie.",
]
REFLECTIONS = [
    "Ik merkte dat ik de notulen weer had gemaakt, terwijl we dat zouden rouleren. Het "
    "voelde sneller, maar het hield het patroon in stand.",
    "Een partner vroeg of ik 'even' een voorstel kon schrijven. Ik zei ja voordat ik "
    "erover had nagedacht.",
    "Deze keer liet ik een stilte vallen in het overleg. Na een halve minuut pakte de "
    "gemeente het op.",
    "Ik zie dat ik vooral trek als mijn opdrachtgever meekijkt. Dan wil ik laten zien dat "
    "het loopt.",
    "Geen groot moment, wel veel kleine: een belrondje, een zaal, een agenda.",
    "Het viel me op hoe weinig ik weet van wat de partners zelf willen bereiken.",
    "Ik durfde een partner niet aan te spreken op een afspraak, en heb het zelf opgelost.",
    "Eigenlijk nam ik niets over deze maand. Dat voelde ongemakkelijk, maar het werkte.",
]
COMMENTS = [
    "Herkenbaar. Wat gebeurt er als je het een keer laat liggen?",
    "Bij ons hielp het om de voorzittersrol te laten rouleren.",
    "Wie heeft er eigenlijk belang bij dat het blijft zoals het is?",
    "Ik vraag me af wat je opdrachtgever hiervan weet.",
    "Mooi dat je dit zo eerlijk opschrijft.",
    "Dat ongemak ken ik. Hoe lang houd je het vol om niets te doen?",
    "Misschien is de vraag niet wie het doet, maar wie het mist als niemand het doet.",
    "Heb je de partners ooit samen gevraagd wat ze van jou verwachten?",
    "Dit is precies waar we het in de bijeenkomst over hadden.",
    "Wat zou er gebeuren als je het hardop benoemt in het overleg?",
    "Ik zou beginnen bij de partner die het meest te verliezen heeft.",
    "Goed punt. Daar had ik nog niet zo naar gekeken.",
    "Bij mij werkte een korte check-in aan het begin van elk overleg.",
    "Kun je iets meer vertellen over hoe de partners reageerden?",
    "Ik lees hier vooral verantwoordelijkheid in. Is die van jou?",
    "Dank voor het delen, dit helpt me bij mijn eigen casus.",
]
FEEDBACK = [
    "Sterke casus. Neem in de bijeenkomst mee wat je opdrachtgever precies van je vroeg.",
    "Dank je. Let op het moment waarop je het overneemt: wat ging daaraan vooraf?",
    "Goed dat je dit inbrengt. Zullen we in de bijeenkomst beginnen bij de partners?",
]

BLOG = {
    "title": "Schaalblog",
    "intro": "Korte notities van de begeleiders over wat de edities van de schaalproef leren.",
}
SERIES = {
    "title": "Schaalproef onderweg",
    "introduction": "Een serie notities, een voor elk moment in de proef dat ons iets leerde.",
}
POST_TITLES = [
    "Wie trekt er eigenlijk?", "Over stiltes in het overleg", "De kracht van een lege stoel",
    "Een rol afspreken is geen formaliteit", "Wat een agenda verraadt",
    "Besluiten die niet landen", "Partners die achterover leunen", "Klein beginnen",
    "Het belang achter het doel", "Waarom niemand de notulen leest",
    "Vertrouwen is geen startpunt", "De opdrachtgever aan tafel",
]
TEASERS = [
    "Een korte notitie over een patroon dat we in bijna elke editie terugzagen.",
    "Wat de groepen deze weken leerden over hun plek tussen de partners.",
    "Een ingreep die eenvoudig klinkt en lastig blijkt, en waarom hij toch werkt.",
]
PARAGRAPHS = [
    "<p>In bijna elke editie kwam dezelfde vraag terug: wie neemt het initiatief als "
    "niemand het doet? Het antwoord was vaak: de netwerkleider zelf.</p>",
    "<p>Een samenwerking draait op afspraken die iedereen kent. Wie ze alleen in het eigen "
    "hoofd bewaart, wordt onmisbaar en daarmee ook de zwakke plek.</p>",
    "<p>We oefenden met het uitstellen van een oplossing. Dat bleek moeilijker dan het "
    "bedenken ervan.</p>",
    "<p>Partners leunen achterover als er al iemand trekt. Dat is geen onwil, het is "
    "gewoon handig.</p>",
]
TAGS = ["rol", "contracteren", "belangen", "besluiten", "interventies", "stilte",
        "opdrachtgever", "netwerkleiderschap", "vertrouwen", "agenda", "partners",
        "verantwoordelijkheid"]
SERIES_EVERY = 20  # every 20th post is a part of the series
