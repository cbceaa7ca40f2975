"""Idempotent builder behind ``manage.py seed_demo``: finds what exists, adds what is missing,
and leaves existing rows alone (a second run changes nothing).

The core builds the accounts; every capability app registers its own demo step
(``cohort.registry.demo_steps``, in its ``AppConfig.ready``), and ``seed`` runs them in their
fixed order, each reading what the earlier ones added to the shared ``ctx``.
"""

from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from cohort import demo, registry, services
from cohort.models import User
from cohort.permissions import FACILITATORS_GROUP


def child_page(parent, model, slug, **fields):
    """The live child page with this slug, created and published when missing."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _user(email, password, *, first_name, last_name, organisation="", role_name=""):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name,
            organisation=organisation, role_name=role_name,
        )
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@registry.demo_steps.register(name="accounts", order=0)
def seed_accounts(ctx):
    """The facilitator (in the facilitators' group) and the participants, by edition slug:
    ``ctx.facilitator`` and ``ctx.participants``. Memberships come with the editions."""
    services.facilitators_group_ensure()
    spec = demo.FACILITATOR
    ctx.facilitator = _user(
        spec["email"], ctx.password, first_name=spec["first_name"],
        last_name=spec["last_name"], organisation=spec["organisation"],
        role_name=spec["role_name"],
    )
    ctx.facilitator.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    ctx.participants = {}
    for edition_slug, (pattern, people) in demo.PARTICIPANTS.items():
        ctx.participants[edition_slug] = [
            _user(pattern.format(n=n), ctx.password, first_name=first, last_name=last,
                  organisation=organisation, role_name=role_name)
            for n, (first, last, organisation, role_name) in enumerate(people, start=1)
        ]


def seed(*, password: str) -> SimpleNamespace:
    """Run every registered demo step in order; returns what they built."""
    ctx = SimpleNamespace(password=password, home_url="/")
    for step in registry.demo_steps:
        step.fn(ctx)
    return ctx
