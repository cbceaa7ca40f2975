"""A served page's view restrictions in one query, then from the cache
(``ViewRestrictionsInOneQueryMixin``): the same restrictions Wagtail finds, aliases
included, and a page made private or public again is so at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cohort.programme.models import BlockPage
from tests.factories import programme_page

pytestmark = pytest.mark.django_db


def _ids(restrictions):
    return sorted(restriction.pk for restriction in restrictions)


def test_the_restrictions_are_the_ones_wagtail_finds_aliases_included(programme, edition1):
    block = BlockPage(title="Blok 1", slug="blok-1", number=1, theme="Rol",
                      body=[("paragraph", "<p>Alleen voor leden.</p>")])
    programme.add_child(instance=block)
    other = programme_page(title="Andere leergang")
    # An alias of a private block under a public programme: Wagtail takes the source's.
    alias = block.create_alias(parent=other, update_slug="blok-kopie")
    password = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    for page in (programme, edition1, block, other, alias):
        page = Page.objects.get(pk=page.pk).specific
        theirs = _ids(Page.get_view_restrictions(page))
        with CaptureQueriesContext(connection) as queries:
            ours = _ids(page.get_view_restrictions())
        assert ours == theirs, page
        assert len(queries) == 1
    alias_restrictions = _ids(Page.objects.get(pk=alias.pk).specific.get_view_restrictions())
    source_restrictions = _ids(PageViewRestriction.objects.filter(page=block))
    assert password.pk in alias_restrictions
    assert set(source_restrictions) <= set(alias_restrictions) and source_restrictions


def test_a_second_read_comes_from_the_cache_and_stays_a_queryset(edition1):
    page = Page.objects.get(pk=edition1.pk).specific
    first = _ids(page.get_view_restrictions())
    with CaptureQueriesContext(connection) as queries:
        second = page.get_view_restrictions()
        assert _ids(second) == first != []
    assert len(queries) == 0
    # As the admin's privacy dialog uses it: a new question, asked of the database.
    with CaptureQueriesContext(connection) as queries:
        assert second.order_by("-page__depth").exists()
    assert len(queries) == 1


def test_a_page_made_private_and_public_again_is_so_at_once(settings, programme):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself, not a visitor's stored copy
    assert Client().get(programme.url).status_code == 200
    assert Client().get(programme.url).status_code == 200  # its restrictions kept: none
    restriction = PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.LOGIN)
    answer = Client().get(programme.url)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    restriction.delete()
    assert Client().get(programme.url).status_code == 200


def test_an_alias_follows_its_source_until_it_is_converted(settings, programme):
    from wagtail.actions.convert_alias import ConvertAliasPageAction

    from tests.factories import home_page

    settings.PAGE_CACHE_SECONDS = 0
    alias = programme.create_alias(parent=home_page(), update_slug="kopie")
    assert Client().get(alias.url).status_code == 200
    PageViewRestriction.objects.create(page=programme,
                                       restriction_type=PageViewRestriction.LOGIN)
    assert Client().get(alias.url).status_code == 302  # the source's restriction
    ConvertAliasPageAction(Page.objects.get(pk=alias.pk).specific).execute()
    assert Client().get(alias.url).status_code == 200  # its own now: none
