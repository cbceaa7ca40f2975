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


def png_bomb(width=13_000, height=13_000) -> bytes:
    """A valid 1-bit PNG that is a few kilobytes on disk and ``width × height`` pixels when
    decoded (169 million at the defaults, about 169 MB once Pillow loads it)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def expand_notifications() -> int:
    """Do what the task after commit does (in a test, on-commit callbacks do not run):
    turn the stored notification batches into notifications."""
    from cohort.notifications.services import batches_expand_pending

    return batches_expand_pending(older_than_seconds=-60)
