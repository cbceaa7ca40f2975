import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cohort.models import CohortPage, Membership, User
from cohort.permissions import can_access_admin, can_view_cohort
from cohort.programme.models import HomePage, ProgrammePage

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Page.objects.filter(latest_revision__isnull=False).count(),
        "users": list(User.objects.order_by("email").values_list("email", "password")),
        "memberships": list(
            Membership.objects.order_by("pk").values_list("user__email", "cohort__slug", "role")
        ),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "site_name")),
    }


def test_seed_demo_builds_the_demo_and_is_idempotent():
    call_command("seed_demo", password="geheim-wachtwoord")
    first = _snapshot()
    call_command("seed_demo", password="geheim-wachtwoord")
    assert _snapshot() == first

    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert ProgrammePage.objects.live().count() == 1
    editions = list(CohortPage.objects.order_by("start_date"))
    assert len(editions) == 2

    facilitator = User.objects.get(email="begeleider@example.org")
    assert facilitator.check_password("geheim-wachtwoord")
    assert can_access_admin(facilitator)
    assert all(can_view_cohort(facilitator, e) for e in editions)

    edition1 = Membership.objects.filter(cohort=editions[0], role="participant")
    edition2 = Membership.objects.filter(cohort=editions[1], role="participant")
    assert sorted(m.user.email for m in edition1) == sorted(
        f"deelnemer{n}@example.org" for n in range(1, 10)
    )
    assert sorted(m.user.email for m in edition2) == [
        f"editie2-deelnemer{n}@example.org" for n in range(1, 4)
    ]
    participant = User.objects.get(email="deelnemer1@example.org")
    assert participant.role_name and participant.organisation
    assert not can_access_admin(participant)
    assert not can_view_cohort(participant, editions[1])


def test_demo_accounts_log_in(client):
    call_command("seed_demo")
    assert (
        client.post(
            "/accounts/login/", {"login": "deelnemer1@example.org", "password": "leergang-demo"}
        ).status_code
        == 302
    )
    client.logout()
    client.post(
        "/accounts/login/", {"login": "begeleider@example.org", "password": "leergang-demo"}
    )
    assert client.get("/admin/").status_code == 200


def test_demo_programme_uses_every_block_and_has_open_and_closed_blocks():
    from django.utils import timezone

    from blocks.streams import ProgrammeStreamBlock
    from cohort.programme.models import BlockPage, Session
    from cohort.programme.selectors import block_state_for

    call_command("seed_demo")
    blocks = list(BlockPage.objects.order_by("number"))
    assert [b.number for b in blocks] == [1, 2]
    used = {child.block_type for block in blocks for child in block.body}
    assert used == set(ProgrammeStreamBlock().child_blocks)

    edition1 = CohortPage.objects.get(slug="editie-1")
    now = timezone.now()
    sessions = Session.objects.filter(cohort=edition1)
    assert sessions.filter(end__lt=now).exists() and sessions.filter(start__gt=now).exists()
    assert Session.objects.filter(cohort__slug="editie-2").count() == 2

    participant = User.objects.get(email="deelnemer1@example.org")
    assert block_state_for(blocks[0], participant).is_open
    assert not block_state_for(blocks[1], participant).is_open
    later = User.objects.get(email="editie2-deelnemer1@example.org")
    assert not block_state_for(blocks[0], later).is_open


def test_demo_programme_goes_through_review_by_another_facilitator():
    from cohort.permissions import FACILITATORS_GROUP
    from cohort.programme.models import BlockPage

    call_command("seed_demo")
    block = BlockPage.objects.get(number=1)
    workflow = block.get_workflow()
    assert workflow is not None and workflow.active
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == [FACILITATORS_GROUP]


@pytest.mark.django_db
def test_seed_demo_prints_a_short_summary_at_the_demos_address(settings, capfd):
    import io

    settings.SITE_URL = "http://127.0.0.1:8050"
    out = io.StringIO()
    call_command("seed_demo", password="pw-for-tests", stdout=out)
    captured = capfd.readouterr()
    printed = out.getvalue() + captured.out + captured.err
    lines = [line for line in printed.splitlines() if line.strip()]
    assert len(lines) <= 10, printed
    assert "http://127.0.0.1:8050/begeleiden/" in printed and ":8000" not in printed
