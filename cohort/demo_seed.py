"""Idempotent builder behind ``manage.py seed_demo``: finds what exists, adds what is missing,
and leaves existing rows alone (a second run changes nothing)."""

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from blog.demo_seed import seed_blog
from cohort import demo, demo_programme, services
from cohort.cases.demo_seed import seed_cases
from cohort.models import CohortPage, Membership, User
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme.models import (
    BlockPage,
    HomePage,
    ProgrammeFacilitator,
    ProgrammePage,
    Session,
)


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
    # Canonical and feed links follow the Wagtail Site: make it the address the demo runs at.
    url = urlsplit(settings.SITE_URL)
    hostname = url.hostname or "localhost"
    port = url.port or (443 if url.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True,
            site_name="Leergang",
        )
    elif (site.root_page_id, site.site_name, site.hostname, site.port) != (
        home.pk, "Leergang", hostname, port
    ):
        site.root_page = home
        site.site_name = "Leergang"
        site.hostname, site.port = hostname, port
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


def _demo_image():
    """A generated illustration for the image block (no files shipped or fetched)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    Image = get_image_model()
    # Block 1 is members-only, so its image is course material too.
    collection = _material_collection()
    existing = Image.objects.filter(title="Speelveldkaart (demo)").first()
    if existing:
        if existing.collection_id != collection.pk:
            existing.collection = collection
            existing.save(update_fields=["collection"])
        return existing
    canvas = PILImage.new("RGB", (1200, 675), (244, 246, 248))
    draw = ImageDraw.Draw(canvas)
    centres = [(300, 200), (600, 140), (900, 220), (820, 500), (380, 500)]
    for a in centres:
        for b in centres:
            draw.line([a, b], fill=(160, 170, 180), width=3)
    for x, y in centres:
        draw.ellipse([x - 60, y - 60, x + 60, y + 60], fill=(29, 53, 87))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(
        title="Speelveldkaart (demo)",
        file=ImageFile(buffer, name="speelveldkaart.png"),
        collection=collection,
    )


def _demo_document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    existing = Document.objects.filter(title="Werkblad: mijn rol (demo)").first()
    if existing:
        return existing
    text = (
        "Werkblad: mijn rol in één pagina\n\n"
        "1. Hoe heet mijn rol, en wie gaf mij die naam?\n"
        "2. Wie is mijn opdrachtgever, en wat heb ik met hem of haar afgesproken?\n"
        "3. Waar voel ik mij verantwoordelijk voor dat eigenlijk bij een partner hoort?\n"
    )
    document = Document(title="Werkblad: mijn rol (demo)", collection=_material_collection())
    document.file.save("werkblad-mijn-rol.txt", ContentFile(text.encode()), save=False)
    document.save()
    return document


def _material_collection():
    """Course material: documents and images here open for members of an edition only."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Materiaal voor deelnemers").first()
    if collection is None:
        collection = root.add_child(name="Materiaal voor deelnemers")
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.LOGIN}
    )
    return collection


def _resolve(body, image, document):
    resolved = []
    for block_type, value in body:
        if isinstance(value, dict):
            value = {
                key: image if item == "IMAGE" else document if item == "DOCUMENT" else item
                for key, item in value.items()
            }
        resolved.append((block_type, value))
    return resolved


def _blocks(programme):
    image, document = _demo_image(), _demo_document()
    blocks = {}
    for spec in demo_programme.BLOCKS:
        blocks[spec["number"]] = _child(
            programme, BlockPage, spec["slug"], title=spec["title"], number=spec["number"],
            theme=spec["theme"], summary=spec["summary"],
            body=_resolve(spec["body"], image, document),
        )
    return blocks


def _sessions(edition, blocks):
    """Sessions are part of the edition page: added (and published) only when it has none."""
    if edition.sessions.exists():
        return
    for spec in demo_programme.SESSIONS.get(edition.slug, []):
        edition.sessions.add(
            Session(
                block=blocks.get(spec["block"]), start=spec["start"], end=spec["end"],
                location=spec["location"], online_url=spec["online_url"], notes=spec["notes"],
            )
        )
    edition.save_revision().publish()


def _workflow(programme):
    """Moderation by a second facilitator, for the whole programme."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow, created = Workflow.objects.get_or_create(name="Review door een begeleider")
    if created:
        task = GroupApprovalTask.objects.create(name="Goedkeuring door een andere begeleider")
        task.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=programme, defaults={"workflow": workflow})


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
        audience=demo_programme.PROGRAMME_AUDIENCE,
        how_to_join=demo_programme.PROGRAMME_HOW_TO_JOIN,
        facilitators=[ProgrammeFacilitator(**f) for f in demo_programme.FACILITATORS],
    )
    blocks = _blocks(programme)
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
    for edition in editions:
        _sessions(edition, blocks)
    _workflow(programme)
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
    seed_blog(home=home, facilitator=facilitator, programme=programme, blocks=blocks, child=_child)
    seed_cases(editions=editions, blocks=blocks, facilitator=facilitator)
    return {"home_url": home.full_url or "/"}
