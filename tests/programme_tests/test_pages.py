"""Public pages, the base layout, page-type rules, errors and the language switch."""

import pytest
from django.template.loader import render_to_string

from blog.models import BlogIndexPage
from cohort.models import CohortPage
from cohort.programme.models import HomePage, ProgrammePage
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def test_page_type_rules():
    assert ProgrammePage.can_create_at(HomePage())
    assert CohortPage.can_create_at(ProgrammePage())
    assert BlogIndexPage.can_create_at(HomePage())
    assert not CohortPage.can_create_at(HomePage())
    assert not ProgrammePage.can_create_at(ProgrammePage())
    assert CohortPage.allowed_subpage_models() == []


def test_home_page_is_dutch_and_accessible(client, programme):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<header" in content and "<footer" in content
    assert 'aria-label="Hoofdnavigatie"' in content
    assert "Inloggen" in content
    assert "Mijn leergang" in content
    assert programme.title in content
    assert content.count("<h1") == 1


def test_security_headers(client, programme):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_language_switch_to_english(client, programme):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content
    assert "Log in" in content
    assert "My programme" in content


def test_navigation_for_a_signed_in_member(client, participant, programme):
    home_page().add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
    client.force_login(participant)
    content = client.get("/").content.decode()
    assert "Uitloggen" in content
    assert 'href="/blog/"' in content
    assert f'href="{programme.url}"' in content


def test_not_found_page(client, programme):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_server_error_page_renders_without_context():
    html = render_to_string("500.html")
    assert "Er ging iets mis" in html


def test_my_leergang_lists_own_editions_only(client, participant, edition1, edition2):
    response = client.get("/mijn-leergang/")
    assert response.status_code == 302
    client.force_login(participant)
    content = client.get("/mijn-leergang/").content.decode()
    assert edition1.title in content
    assert edition2.title not in content


def test_editions_stay_out_of_search(edition1):
    from wagtail.models import Page

    hits = [page.pk for page in Page.objects.live().search("Editie")]
    assert edition1.pk not in hits


def test_dutch_even_when_the_browser_prefers_english(client, programme):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in content
