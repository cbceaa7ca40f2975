"""Cached comment fragments (cohort/threads/fragments.py): a reader never gets a fragment
made for rights they lack, each reader's forms carry their own CSRF token, a change shows at
once, and a page from the cache is the page rendered afresh."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from cohort.threads import fragments, services
from tests.threads_tests.conftest import fresh, post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _page(client, case):
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return response.text


def _reader(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_hidden_comment_cached_for_its_author_never_reaches_a_peer(
        case, thread, participant, peer, facilitator):
    comment = post(peer, thread, "Dit had ik beter niet kunnen schrijven.")
    services.comment_hide(user=fresh(facilitator), comment=comment, reason="Te persoonlijk.")
    # The author and the facilitators see the text; their fragments are cached first.
    assert "beter niet kunnen schrijven" in _page(_reader(peer), case)
    moderator = _page(_reader(facilitator), case)
    assert "beter niet kunnen schrijven" in moderator and "Show again" not in moderator
    assert "Toon weer" in moderator
    page = _page(_reader(participant), case)
    assert "beter niet kunnen schrijven" not in page and "Te persoonlijk" not in page
    assert "verborgen door de begeleiding" in page
    assert "Toon weer" not in page  # no moderator's form either


def test_each_reader_gets_their_own_csrf_token_and_it_works(case, thread, participant, peer,
                                                             facilitator):
    post(peer, thread, "Herkenbaar verhaal.")
    for user in (facilitator, participant):  # the second reads the first's cached fragment
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = _page(client, case)
        assert fragments._placeholder() not in page
        token = TOKEN.findall(page)[0].split('value="')[1].rstrip('"')
        comment = thread.comments.get()
        response = client.post(f"/reacties/{comment.pk}/reactie/", {
            "kind": "herkenbaar", "csrfmiddlewaretoken": token})
        assert response.status_code == 302, (user, response.status_code)
    assert thread.comments.get().reactions.count() == 2


def test_an_edit_a_reaction_and_a_new_name_show_at_once(case, thread, participant, peer):
    comment = post(peer, thread, "Eerste versie.")
    reader = _reader(participant)
    assert "Eerste versie." in _page(reader, case)
    services.comment_edit(user=fresh(peer), comment=comment, body="Tweede versie.")
    page = _page(reader, case)
    assert "Tweede versie." in page and "Eerste versie." not in page
    services.reaction_toggle(user=fresh(participant), comment=comment, kind="herkenbaar")
    assert 'aria-pressed="true"' in _page(reader, case)
    peer.first_name = "Yusuf"
    peer.save()
    assert "Yusuf" in _page(reader, case)


def test_a_page_from_the_cache_is_the_page_rendered_afresh(case, thread, participant, peer,
                                                           facilitator, monkeypatch):
    first = post(peer, thread, "Wat deed jij toen?")
    post(facilitator, thread, "Ik wachtte af.", parent=first)
    services.reaction_toggle(user=fresh(facilitator), comment=first, kind="raak")
    reader = _reader(participant)
    rendered = []
    render = fragments.render_to_string
    monkeypatch.setattr(fragments, "render_to_string",
                        lambda *a, **k: rendered.append(a[1]["comment"]["number"]) or render(*a, **k))
    _page(reader, case)  # read: what is new no longer is, a new fragment
    cache.clear()
    rendered.clear()
    fresh_page = TOKEN.sub("", _page(reader, case))
    assert len(rendered) == 2, rendered
    # The list not kept (expired), its comments kept: put together from them, the same.
    get, lists_gone = fragments.cache.get, [True]
    monkeypatch.setattr(fragments.cache, "get", lambda key, *a, **k: None
                        if lists_gone[0] and key.startswith("comment-list-html")
                        else get(key, *a, **k))
    from_fragments = TOKEN.sub("", _page(reader, case))
    assert len(rendered) == 2  # the second page rendered no comment
    assert from_fragments == fresh_page
    lists_gone[0] = False
    assert TOKEN.sub("", _page(reader, case)) == fresh_page  # the list kept: the same again
    assert len(rendered) == 2


def test_a_page_read_again_is_one_cache_read_and_a_reply_form_is_never_kept(
        case, thread, participant, peer, monkeypatch):
    first = post(peer, thread, "Hoe begon het?")
    for n in range(6):
        post(peer, thread, f"Antwoord {n}.", parent=first)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(participant)
    _page(reader, case)  # read: nothing is new any more
    _page(reader, case)
    reads, stored = [], []
    get, get_many, set_ = fragments.cache.get, fragments.cache.get_many, fragments.cache.set
    monkeypatch.setattr(fragments.cache, "get",
                        lambda key, *a, **k: reads.append(key) or get(key, *a, **k))
    monkeypatch.setattr(fragments.cache, "get_many",
                        lambda keys, *a, **k: reads.extend(keys) or get_many(keys, *a, **k))
    monkeypatch.setattr(fragments.cache, "set",
                        lambda key, *a, **k: stored.append(key) or set_(key, *a, **k))
    page = _page(reader, case)
    assert [key.split(":")[0] for key in reads if key.startswith("comment")] == \
        ["comment-list-html"]
    assert page.count("Antwoord ") == 6 and not stored
    # Answering a comment: its reply form is rendered in place, with the reader's token,
    # and that page is not kept for anyone.
    reads.clear()
    answering = reader.get(case.get_absolute_url() + f"?antwoord={first.number}").text
    assert 'name="parent" value="1"' in answering
    assert fragments._placeholder() not in answering and TOKEN.search(answering)
    assert not [key for key in stored if key.startswith("comment-list-html")]
    token = TOKEN.search(answering).group(0).split('value="')[1].rstrip('"')
    response = reader.post(thread.post_url(), {"body": "Zo begon het.", "parent": "1",
                                               "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert thread.comments.filter(parent=first, body="Zo begon het.").exists()
    assert 'name="parent"' not in _page(reader, case)


def test_a_release_with_other_words_leaves_the_old_fragments_behind(settings, tmp_path,
                                                                     monkeypatch):
    from django.utils.translation import get_language, to_locale

    settings.LOCALE_PATHS = [tmp_path]
    compiled = tmp_path / to_locale(get_language()) / "LC_MESSAGES" / "django.mo"
    compiled.parent.mkdir(parents=True)

    def version(words):  # as a new process of that release works it out (none is loaded)
        compiled.write_bytes(words)
        monkeypatch.setattr(fragments, "_catalogs", {})
        return fragments._key_version()

    assert version(b"oude woorden") == version(b"oude woorden")
    assert version(b"oude woorden") != version(b"nieuwe woorden")
