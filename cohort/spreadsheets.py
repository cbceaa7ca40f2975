"""Spreadsheets the site writes: no cell a spreadsheet program would run as a formula.

A value a member typed (a display name, an organisation) that starts with ``= + - @`` (or a
tab or carriage return) is read by Excel and LibreOffice as a formula, which can fetch
URLs or run commands. Such a cell gets a leading apostrophe, as OWASP advises
(https://owasp.org/www-community/attacks/CSV_Injection). Wagtail's XLSX export already
stores every value as text; its CSV export does not, hence ``install``.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def install():
    """Neutralise the CSV cells of every Wagtail listing export: ours (memberships,
    invitations) and Wagtail's own (reports, log entries, form submissions). Called from
    ``CohortConfig.ready``; Wagtail has no setting for it, so its one CSV row writer is
    wrapped here, once."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.write_csv_row
    if getattr(original, "neutralises", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: neutralise_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        })

    write_csv_row.neutralises = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
