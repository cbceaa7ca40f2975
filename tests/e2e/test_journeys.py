"""Three journeys through the demo in Chromium, against a live server, as people take them.

1. The facilitator works through her desk: she gives feedback on a case that waits for it,
   chooses the cases for the next session and invites a group.
2. A new participant opens the link in her invitation email, chooses a password, completes
   her profile, and writes and submits a case.
3. A visitor reads the programme and the blog series, and is turned away from the
   members-only pages with an explanation (and nothing of what is behind them).

Each journey runs three times, on a freshly seeded demo: at 1280 px with the mouse, at 390 px
with the keyboard alone (the header's menu and the case filters fold away there), and in
English with the keyboard alone, switched to by the footer's language switch. Every page a
journey lands on is checked: axe reports no serious or critical violation, and the page does
not scroll sideways. Links are followed by role and accessible name, as a person finds them;
an address is typed only where a person has one (the link in an email, a shared link).
"""

import io
import re
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_browser import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO_PASSWORD = "leergang-demo"
FACILITATOR = "begeleider@example.org"
NEW_PASSWORD = "een-eigen-wachtwoord-2026"


@dataclass(frozen=True)
class Variant:
    name: str
    width: int
    height: int
    language: str
    keyboard: bool

    @property
    def phone(self):
        return self.width <= 768  # the header's menu folds at 48rem


VARIANTS = [
    pytest.param(Variant("desktop", 1280, 900, "nl", keyboard=False), id="1280-nl-mouse"),
    pytest.param(Variant("phone", 390, 844, "nl", keyboard=True), id="390-nl-keyboard"),
    pytest.param(Variant("english", 1280, 900, "en", keyboard=True), id="1280-en-keyboard"),
]

# What a person reads on the controls, per language (the accessible names).
WORDS = {
    "nl": {
        "menu": "Menu",
        "programme": "Programma",
        "my_leergang": "Mijn leergang",
        "desk": "Begeleiden",
        "blog": "Blog",
        "log_in": "Inloggen",
        "language": "Taal",
        "email_field": "E-mailadres:",
        "password_field": "Wachtwoord:",
        "password_again": "Wachtwoord (nogmaals):",
        "members_only": "De pagina die je opende is voor de deelnemers en begeleiders van de "
                        "leergang.",
        "waiting": "Casussen die op je feedback wachten",
        "agenda": "Op de agenda van de volgende bijeenkomst",
        "choose_cases": "kies de casussen",
        "editions": "Edities",
        "invite_group": "groep uitnodigen",
        "feedback_field": "Feedback:",
        "for_everyone": "iedereen die de casus kan zien",
        "post_feedback": "Feedback plaatsen",
        "feedback_posted": "Je feedback is geplaatst.",
        "feedback_heading": "Feedback van de begeleiders",
        "session_cases": "Casussen voor de bijeenkomst",
        "submitted_cases": "Ingediende casussen",
        "save_choice": "Bewaar de keuze",
        "choice_saved": "De casussen voor deze bijeenkomst zijn bewaard; hun auteurs krijgen "
                        "bericht.",
        "invite_heading": "Een groep uitnodigen: {title}",
        "who": "Wie:",
        "personal_message": "Persoonlijk bericht:",
        "preview": "Voorbeeld",
        "preview_heading": "De uitnodiging, zoals die verstuurd wordt",
        "will_be_invited": "wordt uitgenodigd",
        "send": "Verstuur de uitnodigingen",
        "done_heading": "Wat er is gedaan",
        "invited": "uitgenodigd",
        "on_their_way": "2 uitnodigingen zijn onderweg.",
        "invitation_heading": "Uitnodiging voor {title}",
        "create_account": "Maak mijn account aan",
        "welcome": "Welkom bij {title}.",
        "organisation": "Organisatie:",
        "role_name": "Rolnaam:",
        "about_you": "Over jou:",
        "photo": "Foto:",
        "save_profile": "Profiel opslaan",
        "profile_saved": "Je profiel is opgeslagen.",
        "my_cases": "Mijn casussen",
        "write_case": "Schrijf een casus",
        "title": "Titel:",
        "situation": "De situatie:",
        "my_role": "Mijn rol daarin:",
        "question": "Mijn vraag of dilemma:",
        "save_draft": "Concept opslaan",
        "draft_saved": "Je concept is opgeslagen.",
        "submit": "Indienen",
        "whole_edition": "de hele editie",
        "confidential": "Ik heb derden geanonimiseerd",
        "submit_case": "Dien de casus in",
        "case_submitted": "Je casus is ingediend.",
        "submitted": "ingediend",
        "all_cases": "Alle casussen van de editie",
        "filter": "Filteren",
        "filter_form": "Filter de casussen",
        "search": "Zoeken",
        "one_case": "1 casus",
        "blocks": "De blokken",
        "block": "Blok {number}: {title}",
        "for_participants": "voor deelnemers",
        "series": "Serie",
        "part": "Deel {number}: {title}",
        "from_programme": "Uit de leergang",
    },
    "en": {
        "menu": "Menu",
        "programme": "Programme",
        "my_leergang": "My programme",
        "desk": "Desk",
        "blog": "Blog",
        "log_in": "Log in",
        "language": "Language",
        "email_field": "Email:",
        "password_field": "Password:",
        "password_again": "Password (again):",
        "members_only": "The page you opened is for the participants and facilitators of the "
                        "programme.",
        "waiting": "Cases waiting for your feedback",
        "agenda": "On the agenda of the next session",
        "choose_cases": "choose the cases",
        "editions": "Editions",
        "invite_group": "invite a group",
        "feedback_field": "Feedback:",
        "for_everyone": "everyone who can see the case",
        "post_feedback": "Post feedback",
        "feedback_posted": "Your feedback is posted.",
        "feedback_heading": "Feedback from the facilitators",
        "session_cases": "Cases for the session",
        "submitted_cases": "Submitted cases",
        "save_choice": "Save the choice",
        "choice_saved": "The cases for this session are saved; their authors are told.",
        "invite_heading": "Invite a group: {title}",
        "who": "Who:",
        "personal_message": "Personal message:",
        "preview": "Preview",
        "preview_heading": "The invitation, as it will be sent",
        "will_be_invited": "will be invited",
        "send": "Send the invitations",
        "done_heading": "What was done",
        "invited": "invited",
        "on_their_way": "2 invitations are on their way.",
        "invitation_heading": "Invitation for {title}",
        "create_account": "Create my account",
        "welcome": "Welcome to {title}.",
        "organisation": "Organisation:",
        "role_name": "Role name:",
        "about_you": "About you:",
        "photo": "Photo:",
        "save_profile": "Save profile",
        "profile_saved": "Your profile has been saved.",
        "my_cases": "My cases",
        "write_case": "Write a case",
        "title": "Title:",
        "situation": "The situation:",
        "my_role": "My role in it:",
        "question": "My question or dilemma:",
        "save_draft": "Save draft",
        "draft_saved": "Your draft is saved.",
        "submit": "Submit",
        "whole_edition": "the whole edition",
        "confidential": "I have anonymised third parties",
        "submit_case": "Submit the case",
        "case_submitted": "Your case is submitted.",
        "submitted": "submitted",
        "all_cases": "All cases of the edition",
        "filter": "Filter",
        "filter_form": "Filter the cases",
        "search": "Search",
        "one_case": "1 case",
        "blocks": "The blocks",
        "block": "Block {number}: {title}",
        "for_participants": "for participants",
        "series": "Series",
        "part": "Part {number}: {title}",
        "from_programme": "From the programme",
    },
}

IS_FOCUSED = "(elements) => elements.includes(document.activeElement)"
FITS = "document.documentElement.scrollWidth <= window.innerWidth"

# When a page scrolls sideways: the innermost elements that make it do so, found by hiding
# one subtree at a time (and showing it again) and watching the document's width.
TOO_WIDE = """() => {
  const width = () => document.documentElement.scrollWidth;
  const wide = width();
  const culprits = [];
  const search = (parent) => {
    let found = false;
    for (const child of parent.children) {
      const display = child.style.display;
      child.style.display = "none";
      const narrower = width() < wide;
      child.style.display = display;
      if (narrower) {
        found = true;
        if (!search(child)) culprits.push(child);
      }
    }
    return found;
  };
  search(document.body);
  return culprits.map((el) => el.tagName.toLowerCase() +
    (el.className ? "." + el.className : "") + " «" + el.textContent.trim().slice(0, 40) + "»");
}"""


@dataclass
class PageCheck:
    step: str
    path: str
    violations: list
    fits: bool
    too_wide: list  # when it does not fit: what is too wide
    language: str


@dataclass
class Person:
    """Someone in a browser context of their own. Finds controls by role and accessible
    name, reaches them with the mouse or with the keyboard alone (Tab, Shift+Tab, Enter,
    Space, arrows and typing), and checks every page they land on."""

    page: object
    base_url: str
    variant: Variant
    checks: list = field(default_factory=list)
    unchecked: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    _landed: str | None = None

    def __post_init__(self):
        self.page.set_default_timeout(15_000)
        self.page.on("load", self._on_load)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Playwright asks Chromium to hand it file choosers when the first listener comes,
        # without waiting for the answer: listening from the start means a file chooser
        # opened from the keyboard is never missed.
        self.page.on("filechooser", lambda chooser: None)

    # --- words ------------------------------------------------------------------------

    @property
    def language(self):
        return self.page.evaluate("document.documentElement.lang") or "nl"

    def t(self, key, **values):
        return WORDS[self.variant.language][key].format(**values)

    # --- every page -------------------------------------------------------------------

    def _on_load(self, page):
        # A page loaded and never checked would escape axe and the width check.
        if self._landed is not None:
            self.unchecked.append(self._landed)
        self._landed = page.url

    def check(self, step):
        self.page.wait_for_load_state("load")
        url = self.page.url
        violations = serious_violations(self.page)
        fits = self.page.evaluate(FITS)
        too_wide = [] if fits else self.page.evaluate(TOO_WIDE)
        self.checks.append(PageCheck(
            step=step, path=url.removeprefix(self.base_url), violations=violations,
            fits=fits, too_wide=too_wide, language=self.language,
        ))
        self._landed = None

    def report(self):
        unchecked = self.unchecked + ([self._landed] if self._landed else [])
        return {"checks": self.checks, "unchecked": unchecked, "errors": self.errors}

    def open(self, address, step):
        """An address the person has: a link in an email, or one someone shared."""
        url = address if address.startswith("http") else self.base_url + address
        self.page.goto(url)
        self.check(step)

    # --- reaching things --------------------------------------------------------------

    def focus(self, target, *, backwards=False, limit=250):
        """Tab (or Shift+Tab) until the focus is on ``target`` (or on one of the elements
        it matches). On a fresh page the person takes the skip link first when the target
        is in the main content."""
        target.first.wait_for(state="attached")
        page = self.page
        if target.evaluate_all(IS_FOCUSED):
            return
        at_start = page.evaluate("document.activeElement === document.body")
        in_main = target.first.evaluate("(el) => !!el.closest('main')")
        if at_start and in_main and not backwards:
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.classList.contains('skip-link')"), \
                "the first Tab stop is not the skip link"
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "main"
        for _ in range(limit):
            page.keyboard.press("Shift+Tab" if backwards else "Tab")
            if target.evaluate_all(IS_FOCUSED):
                focused = page.locator("*:focus")
                assert focused.is_visible(), f"the focus is on something unseen: {target}"
                return
        raise AssertionError(f"{limit} presses of Tab did not reach {target} on {page.url}")

    def press(self, target, key="Enter", *, backwards=False):
        if self.variant.keyboard:
            self.focus(target, backwards=backwards)
            self.page.keyboard.press(key)
        else:
            target.click()

    def follow(self, target, step, *, backwards=False):
        """Follow a link or send a form, and check the page it leads to."""
        if self.variant.keyboard:
            # First the way there: the skip link on it is a navigation of its own.
            self.focus(target, backwards=backwards)
        with self.page.expect_navigation():
            self.press(target, backwards=backwards)
        self.check(step)

    def fill(self, target, text):
        if self.variant.keyboard:
            self.focus(target)
            self.page.keyboard.press("ControlOrMeta+a")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(text)
        else:
            target.fill(text)
        expect(target).to_have_value(text)

    def tick(self, checkbox):
        if self.variant.keyboard:
            self.focus(checkbox)
            self.page.keyboard.press("Space")
        else:
            checkbox.check()
        expect(checkbox).to_be_checked()

    def choose(self, radio):
        """A radio button: with the keyboard, Tab into its group and arrow to it."""
        if not self.variant.keyboard:
            radio.check()
        elif not radio.is_checked():
            name = radio.get_attribute("name")
            self.focus(self.page.locator(f"input[type=radio][name='{name}']"))
            for _ in range(10):
                if radio.is_checked():
                    break
                self.page.keyboard.press("ArrowDown")
        expect(radio).to_be_checked()

    def attach(self, file_input, path):
        if self.variant.keyboard:
            self.focus(file_input)
            with self.page.expect_file_chooser() as chooser:
                self.page.keyboard.press("Space")
            chooser.value.set_files(path)
        else:
            file_input.set_input_files(path)

    def messages(self):
        box = self.page.locator("main .messages")
        return box.inner_text() if box.count() else ""

    # --- the header and the footer ------------------------------------------------------

    def menu_link(self, key, step):
        """A link of the header's navigation. On a phone it sits behind "Menu": the person
        opens that first (Enter on its button)."""
        header = self.page.locator("header.site-header")
        link = header.get_by_role("link", name=self.t(key), exact=True)
        summary = header.locator("summary")
        if self.variant.phone:
            expect(link).to_be_hidden()
            expect(summary).to_contain_text(self.t("menu"))
            self.press(summary)
            expect(link).to_be_visible()
        else:
            expect(summary).to_be_hidden()
            expect(link).to_be_visible()
        self.follow(link, step)

    def switch_to_english(self, step):
        """The footer's language switch: a link per language, named in its own language
        (a keyboard user reaches it from the top of the page with Shift+Tab)."""
        switch = self.page.locator("footer").get_by_role("navigation",
                                                         name=WORDS["nl"]["language"])
        self.follow(switch.get_by_role("link", name="English", exact=True), step,
                    backwards=True)
        assert self.language == "en"

    def start(self, address, step):
        self.open(address, step)
        if self.variant.language == "en":
            self.switch_to_english(step + ", in English")

    def log_in(self, email, password):
        self.menu_link("log_in", "login form")
        main = self.page.locator("main")
        self.fill(main.get_by_label(self.t("email_field"), exact=True), email)
        self.fill(main.get_by_label(self.t("password_field"), exact=True), password)
        self.follow(main.get_by_role("button", name=self.t("log_in")), "after logging in")


def browse_as(browse, live_server, variant, journey, tmp_path):
    """Run ``journey(person)`` in a fresh context; a screenshot is kept when it fails."""

    def run(page):
        person = Person(page, live_server.url, variant)
        try:
            result = journey(person)
        except Exception:
            page.screenshot(path=str(tmp_path / f"failed-{variant.name}.png"), full_page=True)
            raise
        return result, person.report()

    return browse(run, width=variant.width, height=variant.height)


def assert_every_page_passed(report, variant, at_least):
    """Axe and the width check passed on every page, each page was checked, no script
    failed, and after the first page (where the English variant switches) every page
    spoke the variant's language."""
    checks = report["checks"]
    assert {check.language for check in checks[1:]} == {variant.language}
    assert report["unchecked"] == [], "pages loaded but never checked"
    assert report["errors"] == [], "JavaScript errors"
    assert len(checks) >= at_least, [check.path for check in checks]
    failing = [(check.step, check.path, check.violations,
                "fits" if check.fits else f"scrolls sideways: {check.too_wide}")
               for check in checks if check.violations or not check.fits]
    assert failing == [], "\n".join(map(str, failing))


@pytest.fixture
def demo(settings, live_server):
    """The demo, seeded the way `make run` does, with its links at the live server."""
    settings.SITE_URL = live_server.url  # invitation links and the Wagtail site
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
    from cohort.models import CohortPage

    return CohortPage.objects.get(slug="editie-1")


def _next_session_ahead(edition):
    """The demo's calendar is relative to the day it is seeded: edition 1 always meets
    again within two weeks, so the desk has a next session to choose cases for."""
    from cohort.programme.selectors import next_sessions_by_cohort

    assert next_sessions_by_cohort([edition.pk]), "the demo has no next session for edition 1"


# --- 1. The facilitator's desk -------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_facilitator_works_through_her_desk(demo, live_server, browse, variant, tmp_path):
    from cohort.cases.models import Case, CaseFeedback
    from cohort.programme.invitations import Invitation

    _next_session_ahead(demo)
    feedback = f"Sterk dat je beide routes uitwerkt ({variant.name}). Wat wil jij zelf?"
    invitees = [("Noor Nieuw", f"noor.{variant.name}@example.org"),
                ("", f"bram.{variant.name}@example.org")]
    lines = "\n".join(f"{name} <{email}>" if name else email for name, email in invitees)
    note = "Welkom in de leergang! We zien je graag bij de volgende bijeenkomst."

    def journey(person):
        page, t, seen = person.page, person.t, {}
        person.start("/", "home")
        person.log_in(FACILITATOR, DEMO_PASSWORD)
        person.menu_link("desk", "desk")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("desk"))

        # Feedback on the case that has waited longest.
        waiting = page.get_by_role("region", name=re.compile("^" + t("waiting")))
        seen["waiting_before"] = waiting.get_by_role("link").all_inner_texts()
        case_link = waiting.get_by_role("link").first
        seen["case"] = case_link.inner_text()
        person.follow(case_link, "a waiting case")
        expect(page.get_by_role("heading", level=1)).to_have_text(seen["case"])
        section = page.get_by_role("region", name=t("feedback_heading"))
        person.fill(section.get_by_role("textbox", name=t("feedback_field")), feedback)
        person.choose(section.get_by_role("radio", name=t("for_everyone")))
        person.follow(section.get_by_role("button", name=t("post_feedback")),
                      "the case with her feedback")
        seen["after_feedback"] = person.messages()
        expect(section).to_contain_text(feedback)

        person.menu_link("desk", "desk after the feedback")
        seen["waiting_after"] = waiting.get_by_role("link").all_inner_texts()

        # The cases for the next session.
        agenda = page.get_by_role("region", name=re.compile("^" + t("agenda")))
        person.follow(agenda.get_by_role("link", name=t("choose_cases")).first,
                      "cases for the session")
        seen["session_path"] = page.url.removeprefix(person.base_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(t("session_cases"))
        group = page.get_by_role("group", name=t("submitted_cases"))
        # The first case not chosen yet (pinned by its id: ticked, it no longer matches).
        box_id = group.locator("input[type=checkbox]:not(:checked)").first.get_attribute("id")
        label = page.locator(f"label[for='{box_id}']")
        seen["chosen"] = label.inner_text().split(" · ")[0].strip()
        person.tick(group.locator(f"[id='{box_id}']"))
        person.follow(page.get_by_role("button", name=t("save_choice")), "edition's desk")
        seen["after_choice"] = person.messages()
        seen["agenda"] = agenda.inner_text()

        # Invite a group to this edition: preview first, then send.
        editions = page.get_by_role("navigation", name=t("editions"))
        this_edition = editions.get_by_role("listitem").filter(
            has=page.locator("[aria-current=page]"))
        seen["edition"] = this_edition.locator("[aria-current=page]").inner_text()
        person.follow(this_edition.get_by_role("link", name=t("invite_group")),
                      "invite a group")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            t("invite_heading", title=seen["edition"]))
        person.fill(page.get_by_role("textbox", name=t("who")), lines)
        person.fill(page.get_by_role("textbox", name=t("personal_message")), note)
        person.follow(page.get_by_role("button", name=t("preview")), "the invitation's preview")
        seen["preview"] = page.get_by_role("region", name=t("preview_heading")).inner_text()
        seen["plan"] = page.get_by_role("table").inner_text()
        person.follow(page.get_by_role("button", name=t("send")), "the invitations sent")
        # (The table's scroll box inside carries the section's name too: first is the section.)
        seen["sent"] = page.get_by_role("region", name=t("done_heading")).first.inner_text()
        seen["after_sending"] = person.messages()
        return seen

    seen, report = browse_as(browse, live_server, variant, journey, tmp_path)
    assert_every_page_passed(report, variant, at_least=10)

    # The feedback is stored, for the case's audience, and the case left the waiting list.
    case = Case.objects.get(title=seen["case"])
    assert seen["case"] in seen["waiting_before"]
    assert seen["case"] not in seen["waiting_after"]
    assert len(seen["waiting_after"]) == len(seen["waiting_before"]) - 1
    assert seen["after_feedback"] == WORDS[variant.language]["feedback_posted"]
    stored = CaseFeedback.objects.get(case=case, author__email=FACILITATOR)
    assert (stored.body, stored.visibility) == (feedback, CaseFeedback.Visibility.AUDIENCE)

    # The chosen case is planned for that session and shows on the desk's agenda.
    chosen = Case.objects.get(title=seen["chosen"])
    assert f"/bijeenkomsten/{chosen.planned_session_id}/casussen/" == seen["session_path"]
    assert seen["after_choice"] == WORDS[variant.language]["choice_saved"]
    assert seen["chosen"] in seen["agenda"]

    # Both addresses were previewed, then invited; each got one email, with its own link.
    words = WORDS[variant.language]
    assert invitees[0][1] in seen["preview"] and note in seen["preview"]
    assert seen["plan"].count(words["will_be_invited"]) == 2
    assert seen["sent"].count(words["invited"]) == 2
    assert seen["after_sending"] == words["on_their_way"]
    for name, email in invitees:
        invitation = Invitation.objects.get(email=email)
        assert invitation.cohort.title == seen["edition"]
        assert invitation.invited_by.email == FACILITATOR
        assert (invitation.name, invitation.message) == (name, note)
        sent = [message for message in mail.outbox if message.to == [email]]
        assert len(sent) == 1
        assert f"{live_server.url}/uitnodiging/{invitation.token}/" in sent[0].body
        assert note in sent[0].body


# --- 2. A new participant ------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_participant_accepts_the_invitation_and_submits_a_case(demo, live_server, browse,
                                                                  variant, tmp_path):
    from PIL import Image

    from cohort.cases.models import Case
    from cohort.models import Membership, User
    from cohort.programme.invitations import Invitation
    from cohort.programme.services import invitation_create

    address = f"noor.{variant.name}@example.org"
    invitation = invitation_create(
        cohort=demo, email=address, name="Noor Nieuw",
        invited_by=User.objects.get(email=FACILITATOR),
        message="Fijn dat je meedoet. Vertel de groep vast iets over jezelf.",
    )
    (email,) = [message for message in mail.outbox if message.to == [address]]
    link = re.search(r"https?://\S+/uitnodiging/\S+/", email.body).group(0)
    assert link == f"{live_server.url}/uitnodiging/{invitation.token}/"
    photo = tmp_path / "noor.png"
    Image.new("RGB", (240, 240), (29, 53, 87)).save(photo)
    profile = {"organisation": "Netwerk Kust en Haven", "role_name": "kwartiermaker",
               "about_you": "Ik trek sinds kort een samenwerking van vijf havenbedrijven."}
    case = {
        "title": f"Vijf havens, één agenda ({variant.name})",
        "situation": "De havenbedrijven vragen mij hun agenda te schrijven.\nZelf zwijgen ze.",
        "my_role": "Kwartiermaker, betaald door de provincie.",
        "question": "Hoe maak ik de agenda van hen in plaats van van mij?",
    }

    def journey(person):
        page, t, seen = person.page, person.t, {}
        person.start(link, "the link in the invitation email")
        main = page.locator("main")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            t("invitation_heading", title=demo.title))
        person.fill(main.get_by_label(t("password_field"), exact=True), NEW_PASSWORD)
        person.fill(main.get_by_label(t("password_again"), exact=True), NEW_PASSWORD)
        person.follow(main.get_by_role("button", name=t("create_account")), "profile")
        seen["welcome"] = person.messages()

        person.fill(main.get_by_label(t("organisation"), exact=True), profile["organisation"])
        person.fill(main.get_by_label(t("role_name"), exact=True), profile["role_name"])
        person.fill(main.get_by_label(t("about_you"), exact=True), profile["about_you"])
        person.attach(main.get_by_label(t("photo"), exact=True), str(photo))
        person.follow(main.get_by_role("button", name=t("save_profile")), "profile saved")
        seen["profile_saved"] = person.messages()

        person.menu_link("my_leergang", "my leergang")
        person.follow(main.get_by_role("link", name=t("write_case")).first, "case form")
        for key in ("title", "situation", "my_role", "question"):
            person.fill(main.get_by_label(t(key), exact=True), case[key])
        person.follow(main.get_by_role("button", name=t("save_draft")), "the draft")
        seen["draft_saved"] = person.messages()
        expect(page.get_by_role("heading", level=1)).to_have_text(case["title"])
        person.follow(main.get_by_role("link", name=t("submit"), exact=True), "submit form")
        person.choose(main.get_by_role("radio", name=t("whole_edition")))
        person.tick(main.get_by_role("checkbox", name=re.compile("^" + t("confidential"))))
        person.follow(main.get_by_role("button", name=t("submit_case")), "submitted case")
        seen["submitted"] = person.messages()
        seen["badge"] = main.locator(".badge").first.inner_text()

        person.menu_link("my_leergang", "my leergang with the case")
        mine = main.get_by_role("region", name=t("my_cases"))
        seen["mine"] = mine.get_by_role("listitem").filter(has_text=case["title"]).inner_text()

        # The edition's cases, filtered on the title (on a phone the filters fold away).
        person.follow(mine.get_by_role("link", name=t("all_cases")), "the edition's cases")
        filters = main.get_by_role("search", name=t("filter_form"))
        search = filters.get_by_role("textbox", name=t("search"))
        if person.variant.phone:
            expect(search).to_be_hidden()
            person.press(main.locator("summary", has_text=t("filter")))
        expect(search).to_be_visible()
        person.fill(search, case["title"])
        person.follow(filters.get_by_role("button", name=t("filter")), "the filtered cases")
        seen["found"] = main.locator(".case-list").inner_text()
        seen["count"] = main.get_by_role("status").all_inner_texts()
        return seen

    seen, report = browse_as(browse, live_server, variant, journey, tmp_path)
    assert_every_page_passed(report, variant, at_least=10)
    words = WORDS[variant.language]

    # The invitation made an account and a membership, and the profile is complete.
    user = User.objects.get(email=address)
    assert (user.first_name, user.last_name) == ("Noor", "Nieuw")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, cohort=demo,
                                     role=Membership.Role.PARTICIPANT).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_by == user
    assert seen["welcome"].startswith(words["welcome"].format(title=demo.title))
    assert seen["profile_saved"] == words["profile_saved"]
    assert (user.organisation, user.role_name, user.bio) == tuple(profile.values())
    assert user.photo

    # The case is submitted to the whole edition, and shows as submitted.
    stored = Case.objects.get(author=user)
    assert stored.title == case["title"]
    assert stored.situation.replace("\r\n", "\n") == case["situation"]
    assert stored.status == Case.Status.SUBMITTED and stored.submitted_at is not None
    assert stored.audience == Case.Audience.EDITION
    assert seen["draft_saved"].startswith(words["draft_saved"])
    assert seen["submitted"].startswith(words["case_submitted"])
    assert seen["badge"] == words["submitted"]
    assert words["submitted"] in seen["mine"]
    assert case["title"] in seen["found"] and words["submitted"] in seen["found"]
    assert words["one_case"] in seen["count"]


# --- 3. A visitor ----------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_visitor_reads_the_programme_and_the_blog_but_not_the_members_pages(
        demo, live_server, browse, variant, tmp_path):
    from django.urls import reverse

    from blog.models import BlogSeries
    from cohort.cases.models import Case
    from cohort.models import Membership
    from cohort.programme.models import BlockPage, ProgrammePage

    programme = ProgrammePage.objects.get()
    blocks = list(BlockPage.objects.live().order_by("number"))
    series = BlogSeries.objects.get()
    some_case = Case.objects.exclude(status=Case.Status.DRAFT).order_by("pk").first()
    # Addresses a visitor may have been given: each is for members only.
    members_only = [url.removeprefix(live_server.url) for url in (
        blocks[0].url, demo.url, some_case.get_absolute_url(), reverse("desk:all"))]
    # What is behind those doors, and must not show in front of them.
    participants = Membership.objects.filter(role=Membership.Role.PARTICIPANT)
    secrets = sorted({m.user.get_full_name() for m in participants.select_related("user")}
                     | set(Case.objects.values_list("title", flat=True))
                     | {demo.intro, "Breng een casus mee", "Werkblad: mijn rol in één pagina"})

    def journey(person):
        page, t, seen = person.page, person.t, {"texts": {}}
        main = page.locator("main")

        def read(step):
            seen["texts"][step] = page.locator("body").inner_text()

        person.start("/", "home")
        read("home")
        person.menu_link("programme", "programme")
        read("programme")
        expect(page.get_by_role("heading", level=1)).to_have_text(programme.title)
        outline = main.get_by_role("region", name=t("blocks"))
        for block in blocks:
            expect(outline.get_by_role("heading", name=t("block", number=block.number,
                                                           title=block.title))).to_be_visible()
        seen["outline_links"] = outline.get_by_role("link").count()
        seen["outline"] = outline.inner_text()

        person.menu_link("blog", "blog")
        read("blog")
        person.follow(main.get_by_role("region", name=t("series"))
                      .get_by_role("link", name=series.title), "the series")
        read("series")
        expect(page.get_by_role("heading", level=1)).to_have_text(series.title)
        part = t("part", number=1, title="Jouw plek")
        person.follow(main.get_by_role("link", name=part, exact=True), "part 1")
        read("part 1")
        expect(page.get_by_role("heading", level=1)).to_have_text(part)
        from_programme = main.get_by_role("region", name=t("from_programme"))
        seen["from_programme"] = (from_programme.inner_text(),
                                  from_programme.get_by_role("link").count())

        person.menu_link("my_leergang", "my leergang, as a visitor")
        seen["turned_away"] = [(page.url.removeprefix(person.base_url),
                                main.get_by_role("status").first.inner_text())]
        read("my leergang")
        for address in members_only:
            person.open(address, f"members only: {address}")
            seen["turned_away"].append((page.url.removeprefix(person.base_url),
                                        main.get_by_role("status").first.inner_text()))
            read(address)
        return seen

    seen, report = browse_as(browse, live_server, variant, journey, tmp_path)
    assert_every_page_passed(report, variant, at_least=10)
    words = WORDS[variant.language]

    # The programme shows its blocks, for participants, without a way in.
    assert seen["outline_links"] == 0
    assert seen["outline"].count(words["for_participants"]) == len(blocks)
    text, links = seen["from_programme"]
    assert blocks[0].title in text and links == 0  # the post names its block, no way in

    # Every members-only page sent the visitor to the login, with the explanation.
    from urllib.parse import quote

    expected = ["/mijn-leergang/", *members_only]
    assert [path for path, _text in seen["turned_away"]] == [
        f"/accounts/login/?next={quote(address)}" for address in expected]
    for path, text in seen["turned_away"]:
        assert text.startswith(words["members_only"]), path

    # And nothing of what is behind those doors showed anywhere on the way.
    leaks = {(step, secret) for step, text in seen["texts"].items() for secret in secrets
             if secret and secret in text}
    assert leaks == set()
