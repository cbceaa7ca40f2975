"""The core (users, editions, memberships, permissions) knows no capability built on it:
no module of ``cohort/`` outside the capability apps imports them; they register with it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "cohort"
# Capability apps inside cohort/ (those to come included), and the blog beside it.
CAPABILITIES = ("cohort.programme", "cohort.cases", "cohort.threads", "cohort.consent",
                "cohort.search", "cohort.notifications", "blog")


def capability_imports(source: str, module: str = "cohort") -> list[str]:
    """Every import of a capability in ``source`` (absolute, relative or ``from cohort import
    programme``), as dotted names."""
    found = []
    package = module.rsplit(".", 1)[0] if "." in module else module
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if any(name == cap or name.startswith(cap + ".") for cap in CAPABILITIES):
                found.append(name)
    return sorted(set(found))


def core_modules():
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        dotted = ".".join(relative.parts)
        if any(dotted == cap or dotted.startswith(cap + ".") for cap in CAPABILITIES):
            continue
        yield dotted, path


@pytest.mark.parametrize(
    "source, imported",
    [
        ("from cohort.programme.models import BlockPage", "cohort.programme.models"),
        ("import blog.models", "blog.models"),
        ("from cohort import programme", "cohort.programme"),
        ("from .cases import services", "cohort.cases"),
        ("def f():\n    from cohort.threads import x", "cohort.threads"),
        ("from cohort.notifications.services import notify", "cohort.notifications.services"),
        ("from cohort import permissions\nimport blocks.text\nimport blogging", None),
    ],
)
def test_the_check_finds_every_form_of_import(source, imported):
    found = capability_imports(source, "cohort.views")
    assert (imported in found) if imported else found == []


def test_no_core_module_imports_a_capability():
    offenders = {
        dotted: found
        for dotted, path in core_modules()
        if (found := capability_imports(path.read_text(), dotted))
    }
    assert offenders == {}
    assert len(list(core_modules())) > 20  # the walk found the core itself


def test_capabilities_register_their_demo_navigation_and_permissions_in_a_fixed_order():
    from cohort import registry

    assert registry.demo_steps.names() == ["accounts", "programme", "blog", "cases", "threads",
                                            "consent"]
    assert registry.navigation.names() == ["programme", "desk", "notifications", "blog",
                                           "leergang_search"]
    assert registry.facilitator_permissions.names() == ["programme", "blog"]


@pytest.mark.django_db
def test_header_shows_what_the_apps_registered(client, programme):
    from blog.models import BlogIndexPage
    from tests.factories import home_page

    blog = BlogIndexPage(title="Blog", slug="blog", intro="")
    home_page().add_child(instance=blog)
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header">'):html.index("</header>")]
    assert programme.title in header  # the programme is the brand
    assert header.index(programme.url) < header.index("/mijn-leergang/") < header.index(blog.url)
