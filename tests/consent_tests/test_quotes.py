"""Quoting the leergang in the blog: the "citaat uit de leergang" block shows the excerpt as
consented and nothing else, and a post with a quote not consented to is published or
scheduled by no route (DESIGN.md, rule 9)."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Page, Revision, Workflow, WorkflowPage
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from blog.models import BlogPostPage
from blog.publishing import PublishRefused
from cohort.consent import services
from cohort.models import Membership
from cohort.notifications.models import Notification
from tests.blog_tests.factories import blog_index, post
from tests.factories import expand_notifications, member
from tests.threads_tests.conftest import fresh, reflect

pytestmark = pytest.mark.django_db

TEXT = ("Ik nam de agenda weer over. Volgende keer wacht ik op het antwoord van de partners, "
        "ook als dat langer duurt.")
EXCERPT = "Volgende keer wacht ik op het antwoord van de partners"
# The author's name, and everything else about her that must never reach a visitor.
TRACES = ("Sanne", "Sanne Test", "sanne@example.org", "Editie 1", "editie-1")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(email="root@example.org",
                                                      password="x-long-password")


@pytest.fixture
def blog(db):
    return blog_index()


@pytest.fixture
def draft(blog):
    return post(blog, title="Deel 2: Het speelveld", state="draft")


@pytest.fixture
def reflection(block, prompts, edition1, participant):
    return reflect(participant, edition1, block, prompts[1], body=TEXT)


@pytest.fixture
def consent(reflection, draft, facilitator):
    return services.consent_request(user=fresh(facilitator), source=reflection,
                                    excerpt=EXCERPT, post=draft, note="Past bij deel 2.")


def decide(consent, choice, name=""):
    return services.consent_decide(user=fresh(consent.author), consent=consent,
                                   choice=choice, display_name=name)


def with_quote(page, consent, text=""):
    """The post's latest draft with this quote as its only one (not published)."""
    page = BlogPostPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.body = [(child.block_type, child.value) for child in page.body
                 if child.block_type != "leergang_quote"]
    page.body.append(("leergang_quote", {"consent": consent, "text": text}))
    return page.save_revision()


def publish(page, consent, text=""):
    revision = with_quote(page, consent, text)
    revision.publish()
    return BlogPostPage.objects.get(pk=page.pk)


def api_body(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()["body"]


def public_channels(client, page):
    """Everything a visitor gets of the post: the page's source, the feed, the API."""
    client.logout()
    html = client.get(page.url).content.decode()
    feed = client.get(page.get_parent().specific.route_url("feed")).content.decode()
    api = client.get(f"/api/v2/pages/{page.pk}/").content.decode()
    listing = client.get("/api/v2/pages/", {"type": "blog.BlogPostPage",
                                           "fields": "body"}).content.decode()
    return {"page": html, "feed": feed, "api": api, "api listing": listing}


# --- What the quote shows --------------------------------------------------------------

def test_an_anonymous_quote_shows_the_words_and_een_deelnemer_only(client, consent, draft):
    decide(consent, "anonymous")
    page = publish(draft, consent)
    channels = public_channels(client, page)
    assert EXCERPT in channels["page"] and "een deelnemer" in channels["page"]
    assert api_body(client, page)[-1]["value"] == {"text": EXCERPT,
                                                   "attribution": "een deelnemer"}
    for channel, text in channels.items():
        for trace in TRACES:
            assert trace not in text, (channel, trace)
        assert reverse("consent:detail", args=[consent.pk]) not in text, channel


def test_a_named_quote_shows_the_name_the_author_chose(client, consent, draft):
    decide(consent, "named", name="Sanne")
    page = publish(draft, consent)
    html = client.get(page.url).content.decode()
    assert EXCERPT in html and "<cite>Sanne</cite>" in html
    assert "Sanne Test" not in html and "Editie 1" not in html
    assert api_body(client, page)[-1]["value"]["attribution"] == "Sanne"


def test_the_quote_is_not_in_the_search_index(client, consent, draft):
    decide(consent, "anonymous")
    publish(draft, consent)
    response = client.get("/api/v2/pages/", {"search": "antwoord partners"})
    assert response.json()["meta"]["total_count"] == 0
    from wagtail.search.backends import get_search_backend

    assert not list(get_search_backend().search("partners", BlogPostPage))


def test_a_changed_excerpt_no_longer_matches_its_consent(client, consent, draft):
    decide(consent, "anonymous")
    changed = EXCERPT.replace("wacht ik", "wacht ik rustig")
    with pytest.raises(PublishRefused) as refused:
        with_quote(draft, consent, text=changed).publish()
    assert "ask again" in str(refused.value) or "opnieuw" in str(refused.value)
    assert not BlogPostPage.objects.get(pk=draft.pk).live
    # The same words with other spacing are the same excerpt.
    page = publish(draft, consent, text=EXCERPT.replace(" ", "  \n"))
    assert page.live


def test_a_quote_shows_only_in_the_post_its_consent_is_for(client, consent, draft, blog):
    decide(consent, "anonymous")
    publish(draft, consent)
    other = post(blog, title="Deel 3", state="draft")
    with pytest.raises(PublishRefused):
        with_quote(other, consent).publish()
    assert not BlogPostPage.objects.get(pk=other.pk).live
    # Even when the block reaches a live post past the guard (a plain save of the row),
    # the page and the API leave it out.
    live = post(blog, title="Deel 4", state="live")
    live.body.append(("leergang_quote", {"consent": consent, "text": ""}))
    live.save()
    assert EXCERPT not in client.get(live.url).content.decode()
    assert all(item["type"] != "leergang_quote" for item in api_body(client, live))


# --- No route publishes a post with a quote not consented to -------------------------

@pytest.mark.parametrize("answer", ["pending", "declined", "withdrawn"])
def test_publishing_in_code_is_refused_with_the_reason(consent, draft, answer):
    if answer == "declined":
        decide(consent, "declined")
    elif answer == "withdrawn":
        decide(consent, "anonymous")
        services.consent_withdraw(user=fresh(consent.author), consent=consent)
    revision = with_quote(draft, consent)
    with pytest.raises(PublishRefused) as refused:
        revision.publish()
    reason = {"pending": "niet geantwoord", "declined": "liever niet",
              "withdrawn": "ingetrokken"}[answer]
    assert reason in str(refused.value) and "Citaat 1" in str(refused.value)
    assert not BlogPostPage.objects.get(pk=draft.pk).live


def edit_form(page, **extra):
    """The admin edit form's data for a post, its body as the latest draft has it."""
    body = []
    for child in page.body:
        if child.block_type == "leergang_quote":
            body.append(("leergang_quote", {"consent": child.value["consent"].pk,
                                            "text": child.value["text"]}))
        elif child.block_type == "paragraph":
            body.append(("paragraph", rich_text(child.value.source)))
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "teaser": page.teaser,
        "body": streamfield(body),
        "block_links": inline_formset([]),
        "comments": inline_formset([]),
        "tags": "", "hero_alt": "", "hero_image": "", "author": "", "series": "",
        "part_number": "", "go_live_at": "", "expire_at": "", "seo_title": "",
        "search_description": "",
    })
    data.update(extra)
    return data


def test_the_edit_view_keeps_the_draft_and_refuses_to_publish(client, consent, draft,
                                                                facilitator):
    page = with_quote(draft, consent).as_object()
    client.force_login(facilitator)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                           edit_form(page, title="Deel 2: Het speelveld (bijgewerkt)",
                                     **{"action-publish": "publish"}), follow=True)
    text = response.content.decode()
    assert "is niet gepubliceerd" in text and "Citaat 1" in text and "niet geantwoord" in text
    draft = BlogPostPage.objects.get(pk=draft.pk)
    assert not draft.live
    assert draft.get_latest_revision_as_object().title.endswith("(bijgewerkt)")  # kept


def test_the_edit_view_refuses_to_schedule(client, consent, draft, facilitator):
    page = with_quote(draft, consent).as_object()
    client.force_login(facilitator)
    later = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                           edit_form(page, go_live_at=later, **{"action-publish": "1"}),
                           follow=True)
    assert "is niet gepubliceerd" in response.content.decode()
    assert not Revision.objects.filter(object_id=str(draft.pk),
                                       approved_go_live_at__isnull=False).exists()


def test_scheduling_in_code_is_refused(consent, draft):
    revision = with_quote(draft, consent)
    page = revision.as_object()
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    revision = page.save_revision()
    with pytest.raises(PublishRefused):
        revision.publish()
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_a_live_post_cannot_be_scheduled_with_a_pending_quote(consent, draft, blog):
    live = post(blog, title="Deel 1", state="live")
    other = services.consent_request(user=fresh(consent.requested_by),
                                     source=consent.reflection, excerpt=EXCERPT, post=live,
                                     note="Ook voor deel 1.")
    page = BlogPostPage.objects.get(pk=live.pk)
    page.body.append(("leergang_quote", {"consent": other, "text": ""}))
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(PublishRefused):
        page.save_revision().publish()
    assert "leergang_quote" not in json.dumps(
        BlogPostPage.objects.get(pk=live.pk).live_revision.content)


def due(revision):
    """A scheduled revision whose moment has come (as if time had passed)."""
    moment = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = moment.isoformat()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=moment,
                                                   content=revision.content)


def test_scheduled_publishing_holds_a_post_whose_consent_was_withdrawn(
        consent, draft, facilitator):
    decide(consent, "anonymous")
    page = with_quote(draft, consent).as_object()
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    page.save_revision(user=facilitator).publish(user=facilitator)
    revision = Revision.objects.get(approved_go_live_at__isnull=False)
    services.consent_withdraw(user=fresh(consent.author), consent=consent)
    due(revision)
    call_command("publish_scheduled", verbosity=0)
    assert not BlogPostPage.objects.get(pk=draft.pk).live
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    expand_notifications()
    held = Notification.objects.get(recipient=facilitator, kind="consent_post_held")
    assert held.url == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    call_command("publish_scheduled", verbosity=0)  # not retried, no second notification
    expand_notifications()
    assert Notification.objects.filter(kind="consent_post_held").count() == 1


def test_scheduled_publishing_still_publishes_a_consented_post(consent, draft, facilitator):
    decide(consent, "named", name="Sanne")
    page = with_quote(draft, consent).as_object()
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    page.save_revision(user=facilitator).publish(user=facilitator)
    due(Revision.objects.get(approved_go_live_at__isnull=False))
    call_command("publish_scheduled", verbosity=0)
    assert BlogPostPage.objects.get(pk=draft.pk).live


def test_bulk_publishing_refuses_all_with_the_reason(client, consent, draft, blog,
                                                     superuser):
    with_quote(draft, consent)
    fine = post(blog, title="Deel 3", state="draft")
    client.force_login(superuser)
    url = (reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
           + f"?id={draft.pk}&id={fine.pk}&next=/admin/pages/{blog.pk}/")
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert "is niet gepubliceerd" in response.content.decode()
    assert not BlogPostPage.objects.filter(pk__in=[draft.pk, fine.pk], live=True).exists()


@pytest.fixture
def workflow(blog):
    from django.contrib.auth.models import Group
    from wagtail.models import WorkflowTask

    flow = Workflow.objects.create(name="Redactie")
    task = GroupApprovalTask.objects.create(name="Eindredactie")
    task.groups.set([Group.objects.get_or_create(name="Eindredactie")[0]])
    WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=flow, page=Page.objects.get(pk=blog.pk))
    return flow


def test_approving_in_a_workflow_is_refused_with_the_reason(client, consent, draft,
                                                            workflow, superuser,
                                                            facilitator):
    revision = with_quote(draft, consent)
    page = BlogPostPage.objects.get(pk=draft.pk)
    workflow.start(page, facilitator)
    state = page.current_workflow_state
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:workflow_action",
                  args=[page.pk, "approve", state.current_task_state.pk])
    response = client.post(url, {"next": "/admin/"}, follow=True)
    assert "is niet gepubliceerd" in response.content.decode()
    # From the dashboard's "approve with comment" modal: its success step goes to the post.
    modal = client.post(url, {"next": "/admin/", "comment": "Goed zo."},
                        headers={"x-requested-with": "XMLHttpRequest"})
    assert modal.json()["step"] == "success"
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert modal.json()["redirect"] == edit_url
    assert "is niet gepubliceerd" in client.get(edit_url).content.decode()
    page = BlogPostPage.objects.get(pk=draft.pk)
    assert not page.live
    assert page.current_workflow_task_state.status == "in_progress"  # nothing half done
    # With the consent given, the same approval publishes.
    decide(consent, "anonymous")
    client.post(url, {"next": "/admin/"})
    assert BlogPostPage.objects.get(pk=draft.pk).live_revision_id == revision.pk


def test_copying_a_live_post_with_its_quotes_makes_the_copy_a_draft(client, consent, draft,
                                                                    blog, superuser):
    decide(consent, "anonymous")
    page = publish(draft, consent)
    client.force_login(superuser)
    response = client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), {
        "new_title": "Kopie", "new_slug": "kopie", "new_parent_page": blog.pk,
        "publish_copies": "on"}, follow=True)
    assert response.status_code == 200
    copy = BlogPostPage.objects.get(slug="kopie")  # made, as a draft
    assert not copy.live and copy.has_unpublished_changes
    client.logout()
    assert client.get(f"/api/v2/pages/{copy.pk}/").status_code == 404


# --- Withdrawal -------------------------------------------------------------------------

def test_a_withdrawal_takes_the_quote_off_at_once_and_tells_the_facilitator(
        client, consent, draft, facilitator, django_capture_on_commit_callbacks):
    decide(consent, "anonymous")
    page = publish(draft, consent)
    assert EXCERPT in public_channels(client, page)["page"]
    assert EXCERPT in public_channels(client, page)["page"]  # visitors now read a copy
    with django_capture_on_commit_callbacks(execute=True):  # the copies go on commit
        services.consent_withdraw(user=fresh(consent.author), consent=consent)
    channels = public_channels(client, page)
    for channel, text in channels.items():
        assert "wacht ik op het antwoord" not in text, channel
        assert "een deelnemer" not in text, channel
    assert all(item["type"] != "leergang_quote" for item in api_body(client, page))
    assert "block-leergang_quote" not in channels["page"]  # not even an empty wrapper
    client.force_login(consent.author)  # an old link to the withdraw URL: the page
    answer = client.get(reverse("consent:withdraw", args=[consent.pk]))
    assert answer.status_code == 302 and answer.url == consent.get_absolute_url()
    expand_notifications()
    assert Notification.objects.filter(recipient=facilitator,
                                       kind="consent_withdrawn").exists()
    # The facilitator's preview says why the quote is not shown.
    client.force_login(facilitator)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert "ingetrokken" in preview.content.decode()


def test_a_removed_reflection_takes_its_quote_off_the_live_post(
        client, consent, draft, reflection, django_capture_on_commit_callbacks):
    decide(consent, "anonymous")
    page = publish(draft, consent)
    client.get(page.url)
    assert EXCERPT in client.get(page.url).content.decode()  # a visitor's copy
    from cohort.threads import services as threads

    with django_capture_on_commit_callbacks(execute=True):
        threads.reflection_delete(user=fresh(reflection.author), reflection=reflection)
    assert EXCERPT not in client.get(page.url).content.decode()


# --- The chooser: this post's consents, in her editions only ---------------------------

def test_the_chooser_lists_only_this_posts_consents_of_her_editions(
        client, consent, draft, blog, facilitator, edition2, block, prompts):
    other_post = post(blog, title="Deel 3", state="draft")
    services.consent_request(user=fresh(facilitator), source=consent.reflection,
                             excerpt="Ik nam de agenda weer over", post=other_post,
                             note="Voor deel 3.")
    stranger = member(edition2, first_name="Joost", email="joost@example.org")
    theirs = reflect(stranger, edition2, block, prompts[1], body="Ik liet het liggen en "
                     "niemand pakte het op.")
    them = member(edition2, role=Membership.Role.FACILITATOR, first_name="Pieter",
                  email="pieter@example.org")
    elsewhere = services.consent_request(user=fresh(them), source=theirs,
                                         excerpt="niemand pakte het op", post=draft,
                                         note="Mooi.")
    only_a = member(consent.cohort, role=Membership.Role.FACILITATOR, first_name="Anna",
                    email="anna@example.org", is_staff=False)
    from django.contrib.auth.models import Group

    only_a.groups.add(Group.objects.get(name="Begeleiders"))
    client.force_login(only_a)
    url = reverse("quote_consent_chooser:choose")
    listed = client.get(url, {"post": draft.pk}).content.decode()
    assert "Volgende keer wacht ik" in listed
    assert "Ik nam de agenda" not in listed and "niemand pakte" not in listed
    assert "Volgende keer" not in client.get(url).content.decode()  # no post: nothing
    chosen = reverse("quote_consent_chooser:chosen", args=[elsewhere.pk])
    assert client.get(chosen).status_code == 404
    assert client.get(reverse("quote_consent_chooser:chosen",
                              args=[consent.pk])).status_code == 200


def test_the_edit_form_carries_the_post_for_the_chooser(client, draft, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert f'id="leergang-quote-post" value="{draft.pk}"' in html


def test_the_admin_api_refuses_to_publish_with_the_reason(client, consent, draft, superuser):
    with_quote(draft, consent)
    client.force_login(superuser)
    response = client.post(f"/admin/api/main/pages/{draft.pk}/action/publish/",
                           content_type="application/json", data={})
    assert response.status_code == 400
    assert "niet geantwoord" in json.dumps(response.json(), ensure_ascii=False)
    assert not BlogPostPage.objects.get(pk=draft.pk).live
    decide(consent, "anonymous")
    response = client.post(f"/admin/api/main/pages/{draft.pk}/action/publish/",
                           content_type="application/json", data={})
    assert response.status_code == 200 and BlogPostPage.objects.get(pk=draft.pk).live


def test_another_editions_facilitator_sees_neither_the_words_nor_the_author(
        client, consent, draft, edition2):
    """The post's editors may facilitate other editions: the editor, the chooser and the
    refusal show them the consent's number and answer, never the words or the author."""
    from django.contrib.auth.models import Group

    from cohort.models import Membership

    with_quote(draft, consent)
    other = member(edition2, role=Membership.Role.FACILITATOR, first_name="Pieter",
                   email="pieter@example.org")
    other.groups.add(Group.objects.get(name="Begeleiders"))
    client.force_login(other)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert edit.status_code == 200
    page = edit.content.decode()
    assert f"#{consent.pk}" in page
    for secret in ("wacht ik op het antwoord", "Sanne", "sanne@example.org"):
        assert secret not in page, secret
    chosen = client.get(reverse("quote_consent_chooser:chosen_multiple"), {"id": consent.pk})
    assert "Deel 2" not in chosen.content.decode() and "wacht" not in chosen.content.decode()
    assert client.get(reverse("quote_consent_chooser:chosen",
                              args=[consent.pk])).status_code == 404
    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                           edit_form(BlogPostPage.objects.get(pk=draft.pk)
                                     .get_latest_revision_as_object(),
                                     **{"action-publish": "publish"}), follow=True)
    text = response.content.decode()
    assert "is niet gepubliceerd" in text and "wacht ik op het antwoord" not in text
