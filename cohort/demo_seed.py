"""Idempotent builder behind ``manage.py seed_demo``: finds what exists, adds what is missing,
and leaves existing rows alone (a second run changes nothing)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from blog.models import BlogIndexPage
from cohort import demo, services
from cohort.models import CohortPage, Membership, User
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme.models import HomePage, ProgrammePage


def _child(parent, model, slug, **fields):
    """The live child page with this slug, created and published when missing."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _home() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's first migration leaves a plain welcome page on slug "home".
        for page in root.get_children().filter(slug=demo.HOME["slug"]):
            if type(page.specific) is Page and not page.get_children().exists():
                page.delete()
        home = _child(
            root, HomePage, demo.HOME["slug"], title=demo.HOME["title"], intro=demo.HOME["intro"]
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Leergang",
        )
    elif site.root_page_id != home.pk or site.site_name != "Leergang":
        site.root_page = home
        site.site_name = "Leergang"
        site.save()
    return home


def _user(email, password, *, first_name, last_name, organisation="", role_name=""):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            role_name=role_name,
        )
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(*, password: str) -> dict:
    services.facilitators_group_ensure()
    home = _home()
    programme = _child(
        home,
        ProgrammePage,
        demo.PROGRAMME["slug"],
        title=demo.PROGRAMME["title"],
        intro=demo.PROGRAMME["intro"],
        body=demo.PROGRAMME["body"],
    )
    _child(
        home, BlogIndexPage, demo.BLOG["slug"], title=demo.BLOG["title"], intro=demo.BLOG["intro"]
    )
    editions = [
        _child(
            programme,
            CohortPage,
            edition["slug"],
            title=edition["title"],
            start_date=edition["start_date"],
            end_date=edition["end_date"],
            intro=edition["intro"],
        )
        for edition in demo.EDITIONS
    ]

    facilitator = _user(
        demo.FACILITATOR["email"],
        password,
        first_name=demo.FACILITATOR["first_name"],
        last_name=demo.FACILITATOR["last_name"],
        organisation=demo.FACILITATOR["organisation"],
        role_name=demo.FACILITATOR["role_name"],
    )
    facilitator.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    for edition in editions:
        services.membership_add(user=facilitator, cohort=edition, role=Membership.Role.FACILITATOR)

    cohorts = [
        ("deelnemer{n}@example.org", demo.EDITION_1_PARTICIPANTS, editions[0]),
        ("editie2-deelnemer{n}@example.org", demo.EDITION_2_PARTICIPANTS, editions[1]),
    ]
    for pattern, people, edition in cohorts:
        for n, (first, last, organisation, role_name) in enumerate(people, start=1):
            user = _user(
                pattern.format(n=n),
                password,
                first_name=first,
                last_name=last,
                organisation=organisation,
                role_name=role_name,
            )
            services.membership_add(user=user, cohort=edition)
    return {"home_url": home.full_url or "/"}
