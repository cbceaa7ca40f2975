"""Focused test data: users by factory_boy, pages through Wagtail's tree API."""

import datetime
import itertools

import factory
from wagtail.models import Page, Site

from cohort.models import CohortPage, Membership, User
from cohort.programme.models import HomePage, ProgrammePage

PASSWORD = "correct-horse-battery"
_slugs = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Persoon{n}")
    last_name = "Test"
    organisation = "Testorganisatie"
    role_name = "procesbegeleider"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def home_page() -> HomePage:
    """The site's HomePage, created once per test database."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    for page in root.get_children():
        if type(page.specific) is Page:
            page.delete()
    home = HomePage(title="Leergang", slug="home", intro="Welkom")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Leergang"},
    )
    return home


def programme_page(title="Testleergang", **fields) -> ProgrammePage:
    page = ProgrammePage(title=title, slug=f"programma-{next(_slugs)}", intro="Voor wie", **fields)
    home_page().add_child(instance=page)
    return page


def cohort_page(programme, title="Editie", **fields) -> CohortPage:
    fields.setdefault("start_date", datetime.date(2026, 5, 12))
    page = CohortPage(title=title, slug=f"editie-{next(_slugs)}", **fields)
    programme.add_child(instance=page)
    return page


def member(cohort, role=Membership.Role.PARTICIPANT, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, cohort=cohort, role=role)
    return user
