"""The renderer members' text goes through: Markdown, cleaned by an allow-list."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohort.threads.text import render, sanitise
from tests.payloads import PAYLOADS  # shared with tests/e2e/test_hostile_input.py


def dangers(html: str) -> list[str]:
    """What in this markup could run or load something: a tag outside the allow-list, an
    event handler, a link that is not http(s), mailto or a path here (escaped text that
    merely reads "onerror=" is harmless and not counted)."""
    from html.parser import HTMLParser

    from cohort.threads.text import ALLOWED_TAGS

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in ALLOWED_TAGS:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction"):
                    found.append(f"{tag}[{name}]")
                if name == "href" and not re.match(r"^(https?:|mailto:|/[^/])", value or ""):
                    found.append(f"href={value!r}")

    Parser().feed(html)
    return found



class Person:
    def __init__(self, name, pk=1):
        self.first_name, self.name, self.pk = name.split()[0], name, pk

    def get_display_name(self):
        return self.name


@pytest.mark.parametrize("payload", PAYLOADS)
def test_known_payloads_come_out_harmless(payload):
    html = render(payload, [Person("Sanne de Wit")], mention_url=lambda p: "/leden/1/").html
    assert dangers(html) == [], html
    assert render(payload).html == sanitise(render(payload).html)


def test_links_get_nofollow_noopener_and_mentions_link():
    html = render("Zie https://example.org en @Sanne", [Person("Sanne de Wit")],
                  mention_url=lambda p: "/leden/1/").html
    assert 'href="https://example.org" rel="nofollow noopener"' in html
    assert '<a class="mention" href="/leden/1/"' in html and "@Sanne de Wit" in html


def test_a_name_with_markup_cannot_inject_through_a_mention():
    person = Person('Eva "><script>alert(1)</script>')
    html = render(f"@{person.get_display_name()}", [person],
                  mention_url=lambda p: "/leden/1/").html
    assert "<script" not in html


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/:&;#()[]!*_`@ \nabcjsvxptrion0123")),
               max_size=120))
def test_rendering_never_lets_script_through_and_is_stable(source):
    html = render(source, [Person("Sanne de Wit")], mention_url=lambda p: "/leden/1/").html
    assert dangers(html) == [], html
    assert sanitise(html) == html  # cleaning again changes nothing


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_the_sanitiser_is_idempotent_on_any_html(value):
    once = sanitise(value)
    assert sanitise(once) == once
    assert dangers(once) == []


def test_the_checker_itself_catches_what_it_looks_for():
    assert dangers('<img src=x onerror="alert(1)">') == ["<img>", "img[src]", "img[onerror]"]
    assert dangers('<a href="javascript:alert(1)">x</a>') == ["href='javascript:alert(1)'"]
    assert dangers("<p>&lt;img onerror=alert(1)&gt;</p>") == []


@pytest.mark.parametrize("source", ["[]()", "[tekst](#)", "[tekst](elders)", "[tekst]( )",
                                    "[tekst](//elders.example/pad)", "[tekst](?x=1)"])
def test_a_link_without_a_real_address_keeps_its_text_only(source):
    html = render(source).html
    assert "href" not in html and dangers(html) == [], html
    assert sanitise(html) == html
    if "tekst" in source:
        assert "tekst" in html


def test_real_addresses_stay_links():
    html = render("[site](/blog/) [mail](mailto:a@example.org) [web](https://example.org)").html
    assert html.count("href=") == 3
