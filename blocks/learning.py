"""Blocks for the learning programme: goals, roles, interventions, reflection, cases, agenda."""

from django.utils.translation import gettext_lazy as _
from wagtail.blocks import (
    BooleanBlock,
    CharBlock,
    IntegerBlock,
    ListBlock,
    RichTextBlock,
    StructBlock,
    StructValue,
    TextBlock,
)

from blocks.text import PARAGRAPH_FEATURES


class LearningGoalsBlock(StructBlock):
    intro = TextBlock(label=_("Introduction"), required=False)
    goals = ListBlock(
        CharBlock(label=_("Learning goal"), max_length=250),
        label=_("Learning goals"),
        min_num=1,
    )

    class Meta:
        icon = "tasks"
        template = "blocks/learning_goals_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Learning goals")
        description = _("What participants will be able to do after this part of the programme.")
        preview_value = {
            "intro": "Na deze bijeenkomst kun je:",
            "goals": [
                "benoemen welke rol je in je netwerk inneemt en welke rol anderen van je verwachten;",
                "een lastig moment uit je eigen praktijk beschrijven als casus;",
                "bewust kiezen wanneer je ingrijpt en wanneer je ruimte laat.",
            ],
        }


class RoleBlock(StructBlock):
    """One role on a role card; rendered by RoleCardsBlock's template."""

    name = CharBlock(label=_("Name of the role"), max_length=80)
    line = CharBlock(
        label=_("In one line"),
        max_length=200,
        help_text=_("What someone in this role does, in one sentence."),
    )

    class Meta:
        icon = "user"
        label = _("Role")


class RoleCardsBlock(StructBlock):
    intro = TextBlock(label=_("Introduction"), required=False)
    roles = ListBlock(RoleBlock(), label=_("Roles"), min_num=1)

    class Meta:
        icon = "group"
        template = "blocks/role_cards_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Role cards")
        description = _("A set of cards, each naming a role and what it is about in one line.")
        preview_value = {
            "intro": "Netwerkleiders hebben veel namen. Welke past bij jouw werk?",
            "roles": [
                {
                    "name": "Procesbegeleider",
                    "line": "Bewaakt het samenwerkingsproces, zodat de partners zelf de inhoud dragen.",
                },
                {
                    "name": "Kwartiermaker",
                    "line": "Verkent wat er nodig is en zet de eerste stappen voordat er een structuur staat.",
                },
                {
                    "name": "Verbinder",
                    "line": "Brengt mensen en organisaties bij elkaar die elkaar nog niet vanzelf vinden.",
                },
            ],
        }


class InterventionCardBlock(StructBlock):
    name = CharBlock(label=_("Name of the intervention"), max_length=120)
    when_to_use = TextBlock(label=_("When to use"))
    how = TextBlock(label=_("How"))
    pitfalls = TextBlock(label=_("Pitfalls"), required=False)

    class Meta:
        icon = "sliders"
        template = "blocks/intervention_card_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Intervention card")
        description = _(
            "An intervention a network leader can use: when, how and what to watch out for."
        )
        preview_value = {
            "name": "Op je handen zitten",
            "when_to_use": (
                "Als het overleg stilvalt en iedereen naar jou kijkt om het op te lossen, "
                "terwijl de partners het antwoord zelf kunnen vinden."
            ),
            "how": (
                "Benoem wat je ziet, stel één open vraag en laat de stilte daarna even duren. "
                "Vat pas samen als de partners zelf iets hebben ingebracht."
            ),
            "pitfalls": (
                "Te lang wachten voelt voor de groep als afwezigheid. "
                "Zeg daarom hardop dat je bewust ruimte laat."
            ),
        }


class ReflectionPromptValue(StructValue):
    @property
    def flag_text(self):
        """The sentence that tells participants they see peers' reflections only after posting."""
        if self.get("post_before_seeing_peers"):
            return _(
                "Post your own reflection first; after that you will see your peers’ reflections."
            )
        return ""


class ReflectionPromptBlock(StructBlock):
    question = TextBlock(label=_("Question"))
    guidance = TextBlock(
        label=_("Guidance"),
        required=False,
        help_text=_("Optional hints that help participants answer the question."),
    )
    post_before_seeing_peers = BooleanBlock(
        label=_("Post your own reflection before you see your peers’"),
        required=False,
        default=True,
        help_text=_(
            "When ticked, participants see the reflections of others only after posting their own."
        ),
    )

    class Meta:
        icon = "comment"
        template = "blocks/reflection_prompt_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Reflection prompt")
        description = _("A question that invites participants to reflect on their own practice.")
        value_class = ReflectionPromptValue
        preview_value = {
            "question": "Op welk moment deze maand nam je het werk van je partners over, en waarom?",
            "guidance": "Beschrijf de situatie kort. Wat dacht en voelde je op dat moment?",
            "post_before_seeing_peers": True,
        }


class CaseAssignmentValue(StructValue):
    @property
    def due_text(self):
        """The sentence naming the session to bring the case to; empty when none is set."""
        number = self.get("due_session")
        if not number:
            return ""
        return _("Bring your case to session %(number)s.") % {"number": number}


class CaseAssignmentBlock(StructBlock):
    title = CharBlock(label=_("Title"), max_length=160)
    what_to_bring = RichTextBlock(label=_("What to bring"), features=PARAGRAPH_FEATURES)
    due_session = IntegerBlock(
        label=_("Session number"),
        required=False,
        min_value=1,
        help_text=_(
            "The session in which participants bring their case. Leave empty if there is none."
        ),
    )

    class Meta:
        icon = "clipboard-list"
        template = "blocks/case_assignment_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Case assignment")
        description = _("Asks participants to bring a case from their own practice.")
        value_class = CaseAssignmentValue
        preview_value = {
            "title": "Breng een lastig moment mee",
            "what_to_bring": (
                "<p>Kies een situatie uit de afgelopen maanden waarin de samenwerking vastliep. "
                "Beschrijf in een half A4:</p>"
                "<ul><li>wie er betrokken waren;</li><li>wat jij deed;</li>"
                "<li>welke vraag je nu aan je collega’s wilt stellen.</li></ul>"
            ),
            "due_session": 3,
        }


class AgendaItemBlock(StructBlock):
    """One line of a session agenda; rendered by SessionAgendaBlock's template."""

    time = CharBlock(
        label=_("Time"),
        max_length=20,
        help_text=_("For example 09:30 or 09:30–10:15."),
    )
    item = CharBlock(label=_("Item"), max_length=160)
    detail = TextBlock(label=_("Detail"), required=False)

    class Meta:
        icon = "time"
        label = _("Agenda item")


class SessionAgendaBlock(StructBlock):
    entries = ListBlock(AgendaItemBlock(), label=_("Agenda items"), min_num=1)

    class Meta:
        icon = "time"
        template = "blocks/session_agenda_block.html"
        preview_template = "blocks/block_preview.html"
        label = _("Session agenda")
        description = _("The timetable of a session, one line per part.")
        preview_value = {
            "entries": [
                {"time": "09:30", "item": "Inloop met koffie", "detail": ""},
                {
                    "time": "10:00",
                    "item": "Terugblik op de vorige bijeenkomst",
                    "detail": "Wat heb je sindsdien uitgeprobeerd?",
                },
                {
                    "time": "10:45",
                    "item": "Casusbespreking in trio’s",
                    "detail": "Eén inbrenger, twee collega’s die vragen stellen.",
                },
                {"time": "12:30", "item": "Afsluiting en lunch", "detail": ""},
            ],
        }
