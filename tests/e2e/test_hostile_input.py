"""Hostile input through every form a member or a facilitator can write in, read in Chromium
on every page it shows on: nothing of it ever runs (DESIGN.md, rule 4).

The payloads of ``tests/payloads.py`` are posted through the site's own forms over HTTP
(the test client, logged in, posting the fields the form pages really hold: the real view,
form and service, never a model created directly) into every field a member or a
facilitator can write: a case's title, texts and attachment names, its follow-up, feedback
and its edit, comments (a reply, an edit, a hidden one with its reason, a pinned one),
reflections and their edit, a profile, a request to quote and its answer, a group
invitation's names and message, and the name an invitee chooses. Each field holds as many
of them as it takes, each behind a marker of its own (``xq<field>n<number>z``) that tells
which field and which payload it was; the fields that refuse some input (a length limit, a
null character) are shown to refuse it with a translated error, not a 500, and to change
nothing.

Then the author, a peer, the facilitator and a visitor open every page it appears on, in
Debian's Chromium, twice: with the site's content security policy, as members get it (no
violation may be reported), and with the policy bypassed, so that whatever the sanitiser
let through would really run. Before any page script, a detector is installed that
records ``__pwned(n)``, ``alert``/``confirm``/``prompt``/``print``/``open``, a title set
to ``pwned<n>``; the page's dialogs, console errors, page errors, CSP violations and every
request that leaves the site (``http://xss.invalid/<n>``) are recorded as well. On each page
every element is hovered and focused by script, and with the policy bypassed also by the
mouse and the Tab key, and its ``<details>`` are opened by a click. The DOM is audited (no
``on*`` attribute, no ``javascript:``/``data:`` address, no foreign script, frame, object,
style, SVG or MathML), and every marker must be seen as text on some page: the payloads
did reach the pages.

That the detector would see a payload that ran is shown too: every payload that can run in
Chromium is put unsanitised in a page without a policy, and each one is caught.
"""

import datetime
import html
import re
from email.utils import parseaddr
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cohort.cases.attachments import clean_name
from cohort.cases.models import Case, CaseAttachment, CaseEvent, CaseFeedback
from cohort.consent.models import QuoteConsent
from cohort.models import Membership, User
from cohort.programme.invitations import Invitation
from cohort.programme.models import Session
from cohort.threads.models import Comment, Reflection
from tests.cases_tests.conftest import PDF
from tests.factories import expand_notifications
from tests.payloads import INERT_WHEN_RAW, LIVE_WHEN_RAW, PAYLOADS, TEMPLATES
from tests.threads_tests import conftest as threads_fixtures

pytestmark = pytest.mark.e2e

# The threads tests' fixtures: a block with a post-first question and an open one.
block = threads_fixtures.block
prompts = threads_fixtures.prompts

DETECTOR = r"""
(() => {
  if (Object.prototype.hasOwnProperty.call(window, "__xss")) return;
  const hits = [];
  const hit = (how, detail) => {
    hits.push(how + ":" + String(detail));
    try {
      if (window.top !== window && window.top.__xss) window.top.__xss.push("frame " + how + ":" + String(detail));
    } catch (error) { /* a frame of another origin reports through its own __xss */ }
  };
  Object.defineProperty(window, "__xss", { value: hits });
  Object.defineProperty(window, "__pwned", { value: (n) => hit("pwned", n) });
  for (const name of ["alert", "confirm", "prompt"]) {
    const original = window[name];
    window[name] = function (message) { hit(name, message); return original.apply(window, arguments); };
  }
  window.print = function (n) { hit("print", n); };
  window.open = function (url) { hit("open", url); return null; };
  const title = Object.getOwnPropertyDescriptor(Document.prototype, "title");
  Object.defineProperty(document, "title", {
    configurable: true,
    get() { return title.get.call(document); },
    set(value) { if (/^pwned/.test(String(value))) hit("title", value); title.set.call(document, value); },
  });
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__csp.push(event.violatedDirective + " " + event.blockedURI + " " + (event.sample || ""));
  }, true);
})();
"""

# Hover and focus every element, as a restless mouse and keyboard would: an inline handler
# runs (or, under the policy, is reported refused) on these synthetic events too. Links are
# not followed; their address is audited instead.
EXERCISE = """
() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const kind of ["pointerover", "pointerenter", "mouseover", "mouseenter", "mousemove"])
      el.dispatchEvent(new MouseEvent(kind, { bubbles: !kind.endsWith("enter") }));
    if (typeof el.focus === "function") el.focus({ preventScroll: true });
  }
  for (const details of document.querySelectorAll("details")) details.open = true;
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
}
"""

AUDIT = """
() => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  const scheme = (value) => {
    const squeezed = (value || "").replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, "").toLowerCase();
    const match = /^([a-z][a-z0-9+.-]*):/.exec(squeezed);
    return match ? match[1] : "";
  };
  const URLISH = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
                  "background", "poster", "codebase", "cite", "ping", "srcset", "dynsrc", "lowsrc"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      const attrName = attr.name.toLowerCase();
      if (attrName.startsWith("on")) problems.push(name(el) + " has " + attrName);
      if (attrName.startsWith("hx-on") || attrName.startsWith("data-hx-on"))
        problems.push(name(el) + " has " + attrName);
      if (URLISH.includes(attrName) && ["javascript", "vbscript", "data"].includes(scheme(attr.value)))
        problems.push(name(el) + " " + attrName + "=" + attr.value.slice(0, 80));
    }
  }
  for (const script of document.querySelectorAll("script")) {
    const own = script.src ? (new URL(script.src).origin === location.origin &&
                              new URL(script.src).pathname.startsWith("/static/"))
                           : Boolean(script.nonce);
    const data = ["application/json", "application/ld+json"].includes(script.type);
    if (!own && !data) problems.push("script " + (script.src || script.textContent.slice(0, 80)));
  }
  for (const el of document.querySelectorAll(
      "iframe, frame, frameset, object, embed, applet, base, meta[http-equiv], style, " +
      "link:not([rel=stylesheet]):not([rel=icon]):not([rel=alternate]):not([rel=canonical])" +
      ":not([rel=manifest]):not([rel=preload]), svg, math, form[action^=javascript i], " +
      "img:not([src^='/'])"))
    problems.push(name(el));
  for (const link of document.querySelectorAll("link[rel=stylesheet]"))
    if (new URL(link.href).origin !== location.origin) problems.push("stylesheet " + link.href);
  const values = Array.from(document.querySelectorAll("input, textarea"))
    .filter((field) => !["hidden", "password"].includes(field.type)).map((field) => field.value);
  return {
    problems: problems,
    title: document.title,
    csp: window.__csp || [],
    text: document.body ? document.body.innerText : "",
    values: values,
  };
}
"""

# What tells of a script that ran, or of something it loaded or opened.
EXECUTION = ("executed", "pwned_title", "requests", "dialogs", "popups")
# Where to point the mouse: the middle of the start of each element (a sample of them).
POSITIONS = """
(selector) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0)
      out.push([box.left + Math.min(box.width / 2, 30), box.top + Math.min(box.height / 2, 10)]);
  }
  const step = Math.max(1, Math.ceil(out.length / 24));
  return out.filter((_, index) => index % step === 0);
}
"""
TEXT_ELEMENTS = ("main p, main li, main dd, main a, main h1, main h2, main td, main blockquote, "
                 "main code, main figcaption, main pre, main span, main button")
MARKER = re.compile(r"xq[a-z]+\d*n\d+z")
# What a failing form says in English, which the members must not get.
ENGLISH = ["Ensure this value has at most", "Null characters are not allowed",
           "This field is required", "Keep it under"]


# --- The payloads, spread over the fields -------------------------------------------------


class Placements:
    """Which payload went into which field, behind which marker; and the text a page must
    show for it where the field is plain text (escaped, not rendered)."""

    def __init__(self):
        self.markers = {}   # marker -> (field, payload number)
        self.verbatim = {}  # marker -> the text a page must show for it

    def pack(self, code, field, *, start=0, limit=20_000, count=None, markdown=False,
             accept=lambda text: True, verbatim=True, sep=None):
        """As many payloads as fit in ``limit`` characters, from number ``start`` on (round
        the list), each behind its marker."""
        sep = sep if sep is not None else ("\n\n" if markdown else "\n")
        order = [(start + step) % len(PAYLOADS) for step in range(len(PAYLOADS))]
        pieces, used = [], 0
        for number in order:
            if count is not None and len(pieces) >= count:
                break
            if not accept(PAYLOADS[number]):
                continue
            marker = f"xq{code}n{number}z"
            text = (f"{marker}\n\n{PAYLOADS[number]}" if markdown
                    else f"{marker} {PAYLOADS[number]}")
            extra = len(text) + (len(sep) if pieces else 0)
            if used + extra > limit:
                continue
            assert marker not in self.markers, marker
            self.markers[marker] = (field, number)
            if verbatim and not markdown:
                self.verbatim[marker] = text
            pieces.append(text)
            used += extra
        assert pieces, (code, limit)
        return sep.join(pieces)

    def fields(self):
        return sorted({field for field, _number in self.markers.values()})


def squeeze(text):
    return " ".join(text.split())


class FormFields(HTMLParser):
    """The names of the fields of each form of a page."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = set()
            self.forms.append(self._current)
        elif (tag in ("input", "textarea", "select", "button") and self._current is not None
              and attrs.get("name")):
            self._current.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def fields_of(page_html):
    parser = FormFields()
    parser.feed(page_html)
    return parser.forms


class Writer:
    """One person, logged in, filling in the site's forms over HTTP."""

    def __init__(self, user):
        self.user = user
        self.client = Client(HTTP_ACCEPT_LANGUAGE="nl")
        self.checked = set()  # (form page, fields) seen to be there once
        if user is not None:
            self.client.force_login(user)

    def cookies(self, base_url):
        if self.user is None:
            return []
        session = self.client.cookies[django_settings.SESSION_COOKIE_NAME].value
        return [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]

    def form_page(self, url, expected_fields):
        """The form's page, checked to hold every field we are about to post."""
        key = (url, frozenset(expected_fields))
        if key in self.checked:
            return None
        self.checked.add(key)
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        forms = fields_of(response.content.decode())
        wanted = set(expected_fields) - {"csrfmiddlewaretoken"}
        assert any(wanted <= names for names in forms), (url, wanted, forms)
        return response

    def submit(self, url, data, *, form_url=None, expect=302, files_fields=()):
        """Post ``data`` as the form at ``form_url`` (default: ``url``) would."""
        self.form_page(form_url or url, [*data, *files_fields])
        response = self.client.post(url, data)
        assert response.status_code < 500, (url, response.status_code)
        if expect is not None:
            assert response.status_code == expect, (
                url, response.status_code, errors_in(response.content.decode()))
        return response


def errors_in(page_html):
    found = re.findall(r'class="(?:errorlist|form-errors|message message--error)[^"]*"[^>]*>(.*?)</',
                       page_html, re.S)
    return [squeeze(re.sub("<[^>]+>", " ", piece)) for piece in found]


# --- The browser side ---------------------------------------------------------------------


class Reader:
    """One person (or a visitor) in a browser context of their own, recording whatever
    would tell of a script that ran, or was stopped."""

    def __init__(self, browser, base_url, cookies, *, name, bypass_csp):
        self.name, self.base_url, self.bypass_csp = name, base_url, bypass_csp
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           locale="nl-NL", bypass_csp=bypass_csp)
        self.context.set_default_timeout(8_000)
        self.context.set_default_navigation_timeout(10_000)
        self.context.add_init_script(DETECTOR)
        self.context.route("http://xss.invalid/**", lambda route: route.fulfill(status=204))
        self.requests, self.dialogs, self.console, self.page_errors, self.popups = (
            [], [], [], [], [])
        self.context.on("request", self._request)
        self.context.on("page", lambda page: self.popups.append(page.url)
                        if page is not getattr(self, "page", None) else None)
        if cookies:
            self.context.add_cookies(cookies)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith(("data:", "about:", "blob:"))):
            self.requests.append(url)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def _marks(self):
        return (len(self.requests), len(self.dialogs), len(self.console), len(self.page_errors),
                len(self.popups))

    def goto(self, path):
        return self.page.goto(self.base_url + path if path.startswith("/") else path,
                              wait_until="load")

    def interact(self):
        """A click on each summary, the mouse over what is on the page, the Tab key through
        it: real input events, as a person reading gives them. The window is as tall as the
        page for it, so nothing needs scrolling into view."""
        page = self.page
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": 1280, "height": max(900, min(height, 16_000))})
        page.evaluate("window.scrollTo(0, 0)")
        summaries = page.evaluate(POSITIONS, "summary")
        for x, y in reversed(summaries[:10]):  # from the bottom: a click moves what is below
            page.mouse.click(x, y)
        for x, y in page.evaluate(POSITIONS, TEXT_ELEMENTS)[:24]:
            page.mouse.move(x, y)
        for _step in range(10):
            page.keyboard.press("Tab")
        page.set_viewport_size({"width": 1280, "height": 900})

    def check(self, label, *, path=None, interact=False, settle=100, expect=200):
        """Open ``path`` (or take the page as it is) and report what is suspicious on it:
        ``({}, text)`` for a clean page. A page that does not load or answer in time (a
        payload that ran may well do that) is reported too, not waited for."""
        marks = self._marks()
        status, state, hits, frames, broken = None, None, [], [], None
        try:
            if path is not None:
                response = self.goto(path)
                status = response.status if response else None
            here = self.page.url.split("#")[0]
            self.page.wait_for_timeout(settle)  # a broken <img src=x> would have fired by now
            if interact:
                self.interact()
            self.page.evaluate(EXERCISE)
            self.page.wait_for_timeout(60)
            state = self.page.evaluate(AUDIT)
            # A frame's own detector reports to this one where it may (same origin); a frame
            # of another origin is not asked (it may never answer), it is a problem itself.
            hits.extend(self.page.evaluate("Array.from(window.__xss)"))
            frames = [frame.url[:80] for frame in self.page.frames[1:]]
            if self.page.url.split("#")[0] != here:
                hits.append("navigated to " + self.page.url)
        except Exception as error:  # noqa: BLE001 (reported below, with what was seen)
            broken = f"{type(error).__name__}: {str(error)[:200]}"
        state = state or {"title": "", "csp": [], "problems": [], "text": "", "values": []}
        report = {
            "status": status,
            "broken": broken,
            "executed": hits,
            "pwned_title": bool(re.fullmatch(r"pwned\d*", state["title"])),
            "requests": self.requests[marks[0]:],
            "dialogs": self.dialogs[marks[1]:],
            "console": self.console[marks[2]:],
            "page_errors": self.page_errors[marks[3]:],
            "popups": self.popups[marks[4]:],
            "frames": frames,
            "csp": state["csp"],
            "dom": state["problems"],
        }
        if expect == 404:  # the page's own answer, as the console reports it
            report["console"] = [line for line in report["console"] if "status of 404" not in line]
        problems = {key: value for key, value in report.items() if value and key != "status"}
        if status is not None and status != expect:
            problems["status"] = status
        return problems, state["text"] + "\n" + "\n".join(state["values"])

    def close(self):
        self.context.close()


def browser_of(page):
    return page.context.browser


def compact(problems, items=6, chars=160):
    """A report short enough to read: the first few of each kind, each cut short."""
    def cut(value):
        return value if len(str(value)) <= chars else str(value)[:chars] + "…"

    return {key: ([cut(item) for item in value[:items]]
                  + ([f"… and {len(value) - items} more"] if len(value) > items else [])
                  if isinstance(value, list) else cut(value))
            for key, value in problems.items()}


# --- 1. The detector catches a payload that runs ------------------------------------------


def _unsafe_markdown(source):
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify"])
    renderer.validateLink = lambda url: True
    return renderer.render(source)


def test_the_detector_sees_every_payload_that_runs_unsanitised(browse):
    """Each payload that can run in Chromium, put unsanitised (as HTML, and as Markdown with
    raw HTML on and every address allowed) in a page with no security policy but the site's
    htmx, is caught by the same detector and checks as the site's pages: so a payload that
    got through would fail the test. And a page under a policy that refuses an inline
    handler is caught too (as a violation)."""
    from pathlib import Path

    htmx = (Path(django_settings.BASE_DIR) / "static" / "js" / "htmx.min.js").read_text()
    base = "http://selftest.invalid"
    pages = {}

    def serve(route):
        url = route.request.url
        if url.endswith("/htmx.js"):
            return route.fulfill(status=200, content_type="text/javascript", body=htmx)
        body, csp = pages.get(url.split("?")[0], ("", None))
        headers = {"Content-Security-Policy": csp} if csp else {}
        return route.fulfill(status=200, content_type="text/html", body=body, headers=headers)

    def page_for(payload):
        return ("<!doctype html><html><head><title>zelftest</title>"
                f'<script src="{base}/htmx.js"></script></head><body><main>'
                f"<div>{payload}</div><div>{_unsafe_markdown(payload)}</div>"
                f'<p><img src="/static/logo.png" alt=""> <script src="/static/site.js"></script>'
                "</p></main></body></html>")

    def visit(page):
        caught, silent = {}, {}
        reader = Reader(browser_of(page), base, [], name="zelftest", bypass_csp=False)
        reader.context.route(f"{base}/**", serve)
        # Links are clicked here (they are not on the site's pages, where their address is
        # audited instead); one to the web is stopped before it leaves.
        reader.page.add_init_script("""
            document.addEventListener("click", (event) => {
              const link = event.target.closest && event.target.closest("a[href]");
              if (link && /^(https?|mailto):/i.test(link.href)) event.preventDefault();
            }, true);""")
        for number in range(len(PAYLOADS)):
            pages[f"{base}/{number}"] = (page_for(PAYLOADS[number]), None)
            try:
                problems, _text = reader.check(number, path=f"{base}/{number}")
                reader.page.evaluate("""() => { for (const el of document.querySelectorAll(
                    "a, button, input[type=submit]")) el.dispatchEvent(new MouseEvent(
                        "click", { bubbles: true, cancelable: true })); }""")
                reader.page.wait_for_timeout(80)
                more, _text = reader.check(number)
                for key, value in more.items():
                    problems.setdefault(key, value)
            except Exception as error:  # noqa: BLE001 (a payload that took the page away)
                problems = {"executed": [f"navigated: {str(error)[:80]}"]}
            # Only what tells of a script that ran (or a load it made) counts here.
            signals = {key: problems[key] for key in EXECUTION if problems.get(key)}
            (caught if signals else silent)[number] = signals
        # With a policy: the inline handler is refused, and reported.
        pages[f"{base}/csp"] = (page_for(PAYLOADS[4]),
                                "default-src 'self'; script-src 'self'; img-src 'self'")
        csp_problems, _text = reader.check("csp", path=f"{base}/csp")
        reader.close()
        return caught, silent, csp_problems

    caught, silent, csp_problems = browse(visit)
    missed = {number: PAYLOADS[number] for number in LIVE_WHEN_RAW if number not in caught}
    assert missed == {}, f"the detector missed payloads that ran unsanitised: {missed}"
    # Each channel of the detector has caught at least one.
    channels = " ".join(str(signals) for signals in caught.values())
    for channel in ("pwned:", "alert:", "confirm:", "prompt:", "print:", "title:",
                    "xss.invalid/"):
        assert channel in channels, f"no payload exercised the {channel!r} channel"
    assert any(signals.get("dialogs") for signals in caught.values())
    # The payloads said to be inert when unsanitised are: they target a sanitiser, a
    # template engine or a Markdown renderer (kept honest: one that runs is moved).
    ran = {number: caught[number] for number in caught if TEMPLATES[number] in INERT_WHEN_RAW}
    assert ran == {}, f"said to be inert, but ran unsanitised: {ran}"
    assert csp_problems.get("csp") and any("Content Security Policy" in line
                                           for line in csp_problems.get("console", [])), \
        csp_problems
    assert not csp_problems.get("executed"), csp_problems


# --- 2. Through every form, onto every page -----------------------------------------------


def _count_state():
    return {model.__name__: model.objects.count() for model in (
        Case, CaseAttachment, CaseEvent, CaseFeedback, Comment, Reflection, QuoteConsent,
        Invitation, User)}


def _profile_state(user):
    user = User.objects.get(pk=user.pk)
    return [getattr(user, name) for name in ("first_name", "last_name", "display_name",
                                             "organisation", "role_name", "bio")]


def refused(writer, url, data, form, *, watch=None):
    """Post what the form must refuse: a clear, translated error on the page (never a
    500), and nothing changed. ``form`` builds the form class with ``data``, to know its
    errors in Dutch (and in English, which must differ)."""
    before, watched = _count_state(), watch() if watch else None
    response = writer.client.post(url, data, follow=True)
    assert response.status_code in (200, 400, 429), (url, response.status_code)
    page = html.unescape(response.content.decode())
    with translation.override("nl"):
        dutch = [str(error) for errors in form(data).errors.values() for error in errors]
    with translation.override("en"):
        english = [str(error) for errors in form(data).errors.values() for error in errors]
    assert dutch, (url, "the form accepts this")
    for nl_text, en_text in zip(dutch, english, strict=True):
        assert nl_text != en_text, f"not translated: {en_text}"
        assert squeeze(nl_text) in squeeze(page), (url, nl_text, errors_in(page))
    for words in ENGLISH:
        assert words not in page, (url, words)
    assert _count_state() == before, url
    if watch:
        assert watch() == watched, url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hostile_input_through_every_form_never_runs_on_any_page(
        live_server, browse, settings, programme, edition1, edition2, participant, peer,
        facilitator, block, prompts):
    from blog.models import BlogPostPage
    from cohort.consent.forms import DecisionForm, RequestForm
    from cohort.forms import ProfileForm
    from cohort.programme.forms import AcceptInvitationForm, GroupInviteForm
    from cohort.threads.forms import CommentForm, HideForm, ReflectionForm
    from tests.blog_tests.factories import blog_index
    from tests.blog_tests.factories import post as blog_post

    settings.THREAD_POST_LIMIT = 10_000
    settings.THREAD_EDIT_GRACE_MINUTES = -1  # every edit keeps its earlier version
    gated_id, open_id = prompts
    spread = Placements()
    sanne, youssef, marieke = Writer(participant), Writer(peer), Writer(facilitator)
    visitor = Writer(None)
    e1 = edition1.pk

    def new(model, **filters):
        return model.objects.filter(**filters).order_by("-pk").first()

    # -- Profiles: every field of three of them ---------------------------------------------
    profile_url = "/accounts/profile/"
    limits = {"first_name": 150, "last_name": 150, "display_name": 150, "organisation": 200,
              "role_name": 120, "bio": 600}
    for writer, code, start in ((sanne, "p", 0), (youssef, "q", 29), (marieke, "m", 53)):
        data = {name: spread.pack(f"{code}{name[:2]}", f"profile.{name}",
                                  start=start + 5 * index, limit=limit,
                                  sep=" " if name != "bio" else "\n")
                for index, (name, limit) in enumerate(limits.items())}
        writer.submit(profile_url, data)
    sanne_name = User.objects.get(pk=participant.pk).get_display_name()
    marieke_name = User.objects.get(pk=facilitator.pk).get_display_name()

    # -- Cases: four titles, every text of the first with every payload ----------------------
    texts = ["situation", "my_role", "question", "tried", "parties"]
    case_fields = ["title", *texts]
    def safe_for_a_file_name(text):  # what a browser sends as a file's own name, whole
        return not re.search(r'[/\\"\n\t]', text) and len(text) < 150

    case_urls = []
    for index in range(4):
        data = {"title": spread.pack(f"ct{index}", "case.title", start=index * 19, limit=200,
                                     sep=" ")}
        for number, name in enumerate(texts):
            data[name] = spread.pack(f"c{name[:2]}{index}", f"case.{name}",
                                     start=index * 11 + number * 3,
                                     count=None if index == 0 else 16)
        files = []
        if index == 0:  # attachment names: the file names themselves are hostile
            for file_number in range(3):
                name = spread.pack(f"ca{file_number}", "case.attachment name",
                                   start=file_number * 9, limit=190, sep=" ",
                                   accept=safe_for_a_file_name, verbatim=False)
                files.append(SimpleUploadedFile(name + ".pdf", PDF,
                                                content_type="application/pdf"))
        create_url = f"/casussen/nieuw/?editie={e1}"
        sanne.form_page(create_url, [*data, "new_attachments"])
        response = sanne.client.post(create_url, {**data, "new_attachments": files})
        assert response.status_code == 302, errors_in(response.content.decode())
        case = new(Case, author=participant)
        if index < 3:
            sanne.submit(f"/casussen/{case.pk}/indienen/",
                         {"audience": "edition", "confidential": "on"})
        case_urls.append(case.get_absolute_url())
    cases = list(Case.objects.filter(author=participant).order_by("pk"))
    first, draft = cases[0], cases[3]
    assert first.attachments.count() == 3 and draft.is_draft
    for attachment in first.attachments.all():
        assert MARKER.search(attachment.original_name), attachment.original_name
    # An edit of the first: its history holds both versions.
    edit = {name: getattr(first, name) for name in case_fields}
    edit["situation"] = spread.pack("ce", "case.situation (edited)", start=40)
    sanne.submit(f"/casussen/{first.pk}/bewerken/", {**edit, "version": first.version})

    # -- The facilitator's feedback (and its edit), "discussed", the author's follow-up -------
    marieke.submit(f"/casussen/{first.pk}/feedback/",
                   {"body": spread.pack("fb", "case feedback"), "visibility": "audience"},
                   form_url=first.get_absolute_url())
    feedback = new(CaseFeedback, case=first)
    marieke.submit(f"/casussen/{first.pk}/feedback/{feedback.pk}/bewerken/",
                   {"body": spread.pack("fe", "case feedback (edited)", start=33),
                    "visibility": "audience"})
    marieke.submit(f"/casussen/{first.pk}/besproken/", {"session": ""},
                   form_url=first.get_absolute_url())
    sanne.submit(f"/casussen/{first.pk}/nazorg/",
                 {"text": spread.pack("fu", "case follow-up", start=17, limit=10_000)},
                 form_url=first.get_absolute_url())

    # -- Comments on the first case: every payload in one, a reply, an edit, a pin, a hide -----
    comment_url = f"/casussen/{first.pk}/reageren/"
    case_page = first.get_absolute_url()
    group = 8
    for start in range(0, len(PAYLOADS), group):
        youssef.submit(comment_url, {"body": spread.pack(
            f"k{start}", "comment", start=start, count=group, markdown=True)},
            form_url=case_page)
    youssef.submit(comment_url, {"body": spread.pack("kr", "comment (reply)", start=5,
                                                     count=20, markdown=True), "parent": "1"},
                   form_url=f"{case_page}?antwoord=1")
    mentions = (f"@{sanne_name} @{marieke_name} "
                + spread.pack("km", "comment (mentions)", start=61, count=12, markdown=True))
    sanne.submit(comment_url, {"body": mentions}, form_url=case_page)
    edited = Comment.objects.get(thread__case=first, number=2)
    youssef.submit(f"/reacties/{edited.pk}/bewerken/",
                   {"body": spread.pack("ke", "comment (edited)", start=44, count=20,
                                        markdown=True)})
    youssef.submit(comment_url, {"body": spread.pack("kh", "comment (hidden)", start=70,
                                                     count=6, markdown=True)},
                   form_url=case_page)
    hidden = new(Comment, thread__case=first)
    marieke.submit(f"/reacties/{hidden.pk}/verbergen/",
                   {"reason": spread.pack("hr", "hide reason", start=12, limit=300, sep=" ")},
                   form_url=case_page)
    pinned = Comment.objects.get(thread__case=first, number=3)
    marieke.submit(f"/reacties/{pinned.pk}/vastzetten/", {"pinned": "1"}, form_url=case_page)
    quoted = youssef.submit(comment_url, {"body": spread.pack(
        "ks", "comment (quoted)", start=24, count=14, markdown=True)}, form_url=case_page)
    assert quoted.status_code == 302
    source = new(Comment, thread__case=first)

    # -- Reflections: both questions, by both participants, an edit, comments beneath -------
    write_url = f"/reflecties/schrijven/?blok={block.pk}&vraag={{}}&editie={e1}"
    for writer, code, prompt_id, start in (
            (sanne, "ra", gated_id, 3), (sanne, "rb", open_id, 31),
            (youssef, "rc", gated_id, 50), (youssef, "rd", open_id, 66)):
        writer.submit("/reflecties/schrijven/", {
            "body": spread.pack(code, "reflection", start=start, markdown=True),
            "blok": block.pk, "editie": e1, "vraag": prompt_id, "share": "1"},
            form_url=write_url.format(prompt_id))
    reflection = Reflection.objects.get(author=participant, prompt_id=gated_id)
    sanne.submit(f"/reflecties/{reflection.pk}/bewerken/", {
        "body": spread.pack("re", "reflection (edited)", start=14, markdown=True),
        "blok": block.pk, "editie": e1, "vraag": gated_id})
    peer_reflection = Reflection.objects.get(author=peer, prompt_id=open_id)
    for writer, target, code, start in ((youssef, reflection, "rk", 8),
                                        (sanne, peer_reflection, "rl", 38)):
        writer.submit(f"/reflecties/{target.pk}/reageren/", {"body": spread.pack(
            code, "reflection comment", start=start, count=40, markdown=True)},
            form_url=target.get_absolute_url())

    # -- A request to quote a comment, and the author's answer; the quote in a blog post -----
    post = blog_post(blog_index(), title="Deel 1", state="draft")
    excerpt = squeeze(source.body)
    spread.verbatim["the excerpt to quote"] = excerpt  # shown whole, as one line
    marieke.submit("/citeren/vragen/", {
        "reactie": source.pk, "excerpt": excerpt, "post": post.pk,
        "note": spread.pack("cn", "consent note", start=9, limit=1000)},
        form_url=f"/citeren/vragen/?reactie={source.pk}")
    consent = new(QuoteConsent, author=peer)
    youssef.submit(consent.get_absolute_url(), {
        "choice": "named",
        "display_name": spread.pack("dn", "consent display name", start=22, limit=100,
                                    sep=" "),
        "message": spread.pack("dm", "consent message", start=48, limit=1000)})
    consent.refresh_from_db()
    assert consent.status == "named"
    page = BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    page.body.append(("leergang_quote", {"consent": consent, "text": ""}))
    page.save_revision(user=facilitator).publish(user=facilitator)  # the facilitator's admin
    post = BlogPostPage.objects.get(pk=post.pk)
    assert post.live

    # -- A group invitation: hostile names and message; one invitee accepts with hers --------
    def invite_line(index, start):
        name = spread.pack(f"in{index}", "invitation name", start=start, limit=140, sep=" ",
                           accept=lambda text: "\\" not in text and "\n" not in text,
                           verbatim=False)
        quoted_name = name.replace("\\", "\\\\").replace('"', '\\"')
        line = f'"{quoted_name}" <genodigde{index}@example.org>'
        parsed = " ".join(parseaddr(line)[0].split())
        for marker in MARKER.findall(parsed):
            spread.verbatim[marker] = parsed  # the whole name is shown, once parsed
        return line

    lines = "\n".join([invite_line(0, 2), invite_line(1, 27),
                       spread.pack("il", "invitation line (invalid)", start=57, count=4,
                                   accept=lambda text: "\n" not in text and len(text) < 60,
                                   verbatim=False)])
    # (1,900: a browser sends each line break as two characters, and the limit is 2,000.)
    message = spread.pack("im", "invitation message", start=36, limit=1900)
    invite_url = f"/edities/{e1}/uitnodigen/"
    marieke.form_page(invite_url, ["lines", "message", "role"])
    preview = marieke.client.post(invite_url, {"lines": lines, "message": message,
                                               "role": "participant", "preview": "1"})
    assert preview.status_code == 200
    # The preview shows the email as text: escaped, never as markup.
    raw = [text for text in PAYLOADS if text.startswith("<") and text in preview.content.decode()]
    assert raw == [], raw
    valid_lines = "\n".join(lines.splitlines()[:2])
    sent = marieke.client.post(invite_url, {"lines": valid_lines, "message": message,
                                            "role": "participant", "send": "1"})
    assert sent.status_code == 200 and Invitation.objects.filter(cohort=edition1).count() == 2
    accepted, pending = Invitation.objects.filter(cohort=edition1).order_by("email")
    newcomer = Writer(None)
    names = {"first_name": spread.pack("af", "invitee first name", start=42, limit=150,
                                       sep=" "),
             "last_name": spread.pack("al", "invitee last name", start=63, limit=150, sep=" ")}
    newcomer.submit(accepted.get_absolute_url(), {
        **names, "password1": "een-eigen-wachtwoord-2026",
        "password2": "een-eigen-wachtwoord-2026"})
    newbie = User.objects.get(email=accepted.email)
    assert Membership.objects.filter(user=newbie, cohort=edition1).exists()
    newbie.refresh_from_db()

    # -- Refusals: too long, or a null character: a translated error, nothing changed -------
    long_text = "x" * 10_001
    def user_state():
        return _profile_state(participant)

    base_profile = dict(zip(limits, _profile_state(participant), strict=True))
    for name, limit in limits.items():
        data = {**base_profile, name: "y" * (limit + 1)}
        refused(sanne, profile_url, data,
                lambda d: ProfileForm(d, instance=User.objects.get(pk=participant.pk)),
                watch=user_state)
    refused(sanne, profile_url, {**base_profile, "display_name": "Sanne\x00<script>"},
            lambda d: ProfileForm(d, instance=User.objects.get(pk=participant.pk)),
            watch=user_state)
    from cohort.cases.forms import CaseForm, FeedbackForm, FollowUpForm

    refused(sanne, f"/casussen/nieuw/?editie={e1}", {"title": "t" * 201},
            lambda d: CaseForm(d))
    refused(sanne, f"/casussen/nieuw/?editie={e1}", {"title": "ok", "situation": "a\x00b"},
            lambda d: CaseForm(d))
    refused(youssef, comment_url, {"body": long_text}, lambda d: CommentForm(d))
    refused(youssef, comment_url, {"body": "<img src=x onerror=__pwned(0)>\x00"},
            lambda d: CommentForm(d))
    refused(youssef, f"/reacties/{edited.pk}/bewerken/", {"body": long_text},
            lambda d: CommentForm(d))
    refused(sanne, f"/reflecties/{reflection.pk}/bewerken/",
            {"body": long_text, "blok": block.pk, "editie": e1, "vraag": gated_id},
            lambda d: ReflectionForm(d))
    refused(marieke, f"/casussen/{first.pk}/feedback/", {"body": "a\x00", "visibility": "author"},
            lambda d: FeedbackForm(d))
    refused(sanne, f"/casussen/{first.pk}/nazorg/", {"text": long_text},
            lambda d: FollowUpForm(d))
    refused(marieke, f"/reacties/{source.pk}/verbergen/", {"reason": "r" * 301},
            lambda d: HideForm(d))
    refused(marieke, "/citeren/vragen/", {"reactie": source.pk, "excerpt": excerpt,
                                          "post": post.pk, "note": "n" * 1001},
            lambda d: RequestForm(d, posts=[post]))
    refused(marieke, invite_url, {"lines": "a@example.org", "message": "m" * 2001,
                                  "role": "participant", "preview": "1"},
            lambda d: GroupInviteForm(d))
    refused(newcomer, pending.get_absolute_url(),
            {"first_name": "f" * 151, "last_name": "x\x00", "password1": "a", "password2": "a"},
            lambda d: AcceptInvitationForm(d, email=pending.email))
    # A second request, from a reflection, left waiting: its answer is refused.
    peer_gated = Reflection.objects.get(author=peer, prompt_id=gated_id)
    marieke.submit("/citeren/vragen/", {
        "reflectie": peer_gated.pk, "excerpt": squeeze(peer_gated.body)[:1500],
        "post": post.pk, "note": spread.pack("co", "consent note (waiting)", start=71,
                                             limit=1000)},
        form_url=f"/citeren/vragen/?reflectie={peer_gated.pk}")
    waiting = new(QuoteConsent, author=peer)
    assert waiting.pk != consent.pk and waiting.status == "pending"
    refused(youssef, waiting.get_absolute_url(),
            {"choice": "named", "display_name": "d" * 101, "message": "m" * 1001},
            lambda d: DecisionForm(d))

    # -- Who reads what, where ---------------------------------------------------------------
    expand_notifications()
    session = Session.objects.create(  # the facilitator's admin content
        cohort=edition1, block=block, start=first.submitted_at + datetime.timedelta(days=7),
        end=first.submitted_at + datetime.timedelta(days=7, hours=3))
    event = CaseEvent.objects.filter(case=first, kind="edited").first()
    own_comment = Comment.objects.get(thread__case=first, number=1)
    reflection_url = reflection.get_absolute_url()
    hostile_queries = [text for text in PAYLOADS if text.startswith((
        "<script>", "\">", "</textarea>", "</title>"))]
    not_found = "/" + quote(hostile_queries[1]) + "/"
    search = "/zoeken/?q="
    reflected = ([search + quote(query) for query in hostile_queries]
                 + [f"/edities/{e1}/casussen/?q={quote(query[:100])}&status={quote(query)}"
                    for query in hostile_queries[:1]])
    # What all three read; then what is the author's, the peer's, the facilitator's own.
    common = ["/mijn-leergang/", case_page, f"/edities/{e1}/casussen/", block.url,
              reflection_url, "/meldingen/"]
    rounds = {
        "auteur (Sanne)": (sanne, common + [
            *case_urls[1:], f"/casussen/{first.pk}/bewerken/", f"/casussen/{draft.pk}/bewerken/",
            f"/casussen/{draft.pk}/indienen/", f"/casussen/{first.pk}/sluiten/",
            f"/casussen/{first.pk}/geschiedenis/{event.pk}/verwijderen/",
            f"/reflecties/{reflection.pk}/bewerken/", f"/reflecties/{reflection.pk}/verwijderen/",
            f"{reflection_url}geschiedenis/", peer_reflection.get_absolute_url(),
            peer_gated.get_absolute_url(),
            f"/reacties/{edited.pk}/geschiedenis/", f"/edities/{e1}/gesprekken/", profile_url,
            f"/leden/{peer.pk}/", "/toestemming/", search + "xq", *reflected]),
        "deelnemer (Youssef)": (youssef, common + [
            f"{case_page}?antwoord=1", f"/edities/{e1}/reflecties/", edition1.url,
            Reflection.objects.get(author=participant, prompt_id=open_id).get_absolute_url(),
            f"/leden/{participant.pk}/", f"/leden/{newbie.pk}/", profile_url,
            f"/reacties/{edited.pk}/bewerken/", f"/reacties/{edited.pk}/verwijderen/",
            consent.get_absolute_url(), waiting.get_absolute_url(), "/toestemming/",
            search + "xqk", search + "xqr"]),
        "begeleider (Marieke)": (marieke, common + [
            "/begeleiden/", f"/edities/{e1}/begeleiden/", f"/edities/{e1}/voortgang/",
            f"/casussen/{first.pk}/feedback/{feedback.pk}/bewerken/",
            f"/casussen/{first.pk}/feedback/{feedback.pk}/verwijderen/",
            f"/bijeenkomsten/{session.pk}/casussen/", f"/citeren/vragen/?reactie={own_comment.pk}",
            consent.get_absolute_url(), waiting.get_absolute_url(), "/toestemming/",
            f"/leden/{facilitator.pk}/", profile_url, search + "xqc", search + "xqfu"]),
        "bezoeker": (visitor, [pending.get_absolute_url(), post.url, post.get_parent().url,
                               search + quote(hostile_queries[0]),
                               f"/accounts/login/?next={quote('javascript:__pwned(1)')}",
                               not_found]),
        "nieuw lid": (Writer(newbie), ["/mijn-leergang/", profile_url, edition1.url]),
    }
    base = live_server.url
    cookies = {label: writer.cookies(base) for label, (writer, _paths) in rounds.items()}

    def read(page, label, paths, bypass):
        found, texts = [], []
        reader = Reader(browser_of(page), base, cookies[label], name=label, bypass_csp=bypass)
        for path in paths:
            problems, text = reader.check(path, path=path, interact=bypass,
                                          expect=404 if path == not_found else 200)
            texts.append(text)
            if problems:
                found.append({"as": label, "csp_bypassed": bypass, "path": path,
                              **compact(problems)})
            if len(found) >= 3:  # enough to tell; a broken page may cost seconds each
                found.append({"as": label, "stopped": "after three pages with problems"})
                reader.close()
                return found, texts
        try:
            if label == "deelnemer (Youssef)":
                found.extend(_browser_writes(reader, case_page, bypass, texts))
            if label == "begeleider (Marieke)":
                found.extend(_invite_preview(reader, invite_url, lines, message, bypass, texts))
        except Exception as error:  # noqa: BLE001 (what the page did instead is reported)
            found.append({"as": label, "csp_bypassed": bypass, "writing in the browser":
                          f"{type(error).__name__}: {str(error)[:300]}",
                          "dialogs": reader.dialogs[-5:], "page_errors": reader.page_errors[-5:],
                          "console": reader.console[-5:]})
        reader.close()
        return found, texts

    found, texts = [], []
    for bypass in (False, True):  # with the site's policy, as members get it; then without
        for label, (_writer, paths) in rounds.items():
            more_found, more_texts = browse(
                lambda page, label=label, paths=paths, bypass=bypass: read(
                    page, label, paths, bypass))
            found.extend(more_found)
            texts.extend(more_texts)
        assert found == [], "\n".join(map(str, found))  # with the policy: stop here

    # Every payload reached a page, in every field it was written in.
    seen = set(MARKER.findall("\n".join(texts)))
    missing = {marker: spread.markers[marker] for marker in spread.markers if marker not in seen}
    assert missing == {}, f"never shown: {missing}"
    # Plain text is shown as it was written: escaped, whole, nothing lost or rendered.
    everything = squeeze("\n".join(texts))
    for marker, text in spread.verbatim.items():
        if text:
            assert squeeze(text) in everything, (marker, text)
    fields = spread.fields()
    numbers = {number for _field, number in spread.markers.values()}
    assert numbers == set(range(len(PAYLOADS)))
    assert len(PAYLOADS) >= 40 and len(fields) >= 25, fields
    per_field = {field: sum(1 for f, _n in spread.markers.values() if f == field)
                 for field in fields}
    print(f"\n{len(PAYLOADS)} payloads, {len(spread.markers)} placements in "
          f"{len(fields)} fields, {sum(len(p) for _w, p in rounds.values())} pages × 2: "
          f"{per_field}")
    assert CaseAttachment.objects.filter(case=first).count() == 3
    assert all(clean_name(a.original_name) == a.original_name
               for a in CaseAttachment.objects.filter(case=first))


def _browser_writes(reader, case_page, bypass, texts):
    """In the browser itself, as the peer: the reply link's partial, the mention list, a
    comment posted through the form (htmx swaps the thread), and one refused for its length
    (the form comes back in place, the hostile text in it)."""
    page = reader.page
    problems = []
    reader.goto(case_page)
    page.locator("#reactie-1 .comment__actions a").first.click()
    page.locator("#reactie-1 #reageer").wait_for()
    found, text = reader.check("htmx reply partial")
    texts.append(text)
    problems.append(found)
    field = page.locator("#reageer-body")
    field.click()
    field.press_sequentially("@xq")
    page.wait_for_timeout(400)
    found, text = reader.check("mention list")
    problems.append(found)
    texts.append(text + "\n" + " ".join(page.locator(".mention-box [role=option]")
                                        .all_inner_texts()))
    if not bypass:
        body = "\n\n".join(f"xqkbn{n}z\n\n{PAYLOADS[n]}" for n in range(0, len(PAYLOADS), 4))
        field.fill(body)
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("#reageer button[type=submit]").click()
        page.wait_for_function(
            "() => { const f = document.querySelector('#reageer-body'); return f && !f.value; }")
        found, text = reader.check("comment posted in the browser")
        problems.append(found | ({"post": answer.value.status}
                                 if answer.value.status >= 400 else {}))
        texts.append(text)
    page.evaluate("document.querySelector('#reageer-body').removeAttribute('maxlength')")
    long_body = ("xqklong " + " ".join(PAYLOADS)) * 4
    page.locator("#reageer-body").fill(long_body[:10_500])
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#reageer button[type=submit]").click()
    page.locator("#reageer [role=alert]").first.wait_for()
    found, text = reader.check("comment refused in the browser")
    # The refusal itself is a 400 by design; the console reports that, nothing else.
    found["console"] = [line for line in found.get("console", []) if "status of 400" not in line]
    problems.append({key: value for key, value in found.items() if value}
                    | ({"post": answer.value.status} if answer.value.status != 400 else {}))
    kept = page.locator("#reageer-body").input_value()
    if kept != long_body[:10_500]:
        problems.append({"refused text not kept": kept[:80]})
    return [{"as": reader.name, "csp_bypassed": bypass, "path": case_page + " (browser)",
             **compact(found)} for found in problems if found]


def _invite_preview(reader, invite_url, lines, message, bypass, texts):
    """The facilitator previews a group invitation with hostile names and message in the
    browser: the preview page exists only as the answer to that POST."""
    page = reader.page
    reader.goto(invite_url)
    page.locator("textarea[name=lines]").fill(lines.replace("genodigde", "voorbeeld"))
    page.locator("textarea[name=message]").fill(message)
    with page.expect_navigation():
        page.locator("button[name=preview]").click()
    found, text = reader.check("invitation preview", interact=bypass)
    texts.append(text)
    if not page.locator(".email-preview").count():
        found["no preview"] = page.locator("main").inner_text()[:300]
    return [{"as": reader.name, "csp_bypassed": bypass, "path": invite_url + " (preview)",
             **compact(found)}] if found else []
