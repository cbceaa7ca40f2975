"""Files out of the cases app: attachments and ZIP exports, each behind the same scoped
queryset as the case page (rule 1, rule 3)."""

import tempfile
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from cohort import permissions
from cohort.cases import selectors
from cohort.cases.models import CaseAttachment
from cohort.emails import render_text
from cohort.files import serve_file

NO_STORE = "private, no-store"


@login_required
@require_GET
def attachment(request, pk, attachment_pk):
    cases = permissions.visible_cases(request.user)
    item = get_object_or_404(
        CaseAttachment.objects.select_related("case").filter(case__in=cases), pk=attachment_pk,
        case_id=pk,
    )
    return serve_file(
        item.file, content_type=item.content_type, filename=item.original_name,
        as_attachment=not item.is_inline, sandbox=item.is_inline, cache_control=NO_STORE,
    )


def _write_case(archive: zipfile.ZipFile, case, folder: str):
    text = render_text("cases/export/case.txt", {"case": case})
    archive.writestr(f"{folder}/casus.txt", text)
    used = set()
    for item in case.attachments.all():
        name = item.original_name
        while name in used:
            name = f"_{name}"
        used.add(name)
        try:
            with item.file.open("rb") as source, archive.open(
                f"{folder}/bijlagen/{name}", "w", force_zip64=True
            ) as target:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    target.write(chunk)
        except (FileNotFoundError, OSError):
            archive.writestr(f"{folder}/bijlagen/{name}.ontbreekt.txt", "")


def _zip_response(cases, filename):
    # Spooled to disk past 20 MB: five 10 MB attachments per case add up.
    buffer = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for case in cases:
            _write_case(archive, case, f"{case.pk}-{slugify(case.title)[:50] or 'casus'}")
    buffer.seek(0)
    return serve_file(buffer, content_type="application/zip", filename=filename,
                      as_attachment=True, cache_control=NO_STORE)


@login_required
@require_GET
def export_own(request):
    """A participant's own cases, drafts included, with their history and attachments."""
    cases = selectors.export_cases(request.user, selectors.own_cases(request.user))
    stamp = timezone.localdate().isoformat()
    return _zip_response(cases, f"mijn-casussen-{stamp}.zip")


@login_required
@require_GET
def export_cohort(request, cohort_pk):
    """An edition's shared cases for the archive; its facilitators only."""
    cohort = get_object_or_404(permissions.visible_cohorts(request.user), pk=cohort_pk)
    if cohort.pk not in permissions.facilitated_cohort_ids(request.user):
        raise Http404
    # Still through visible_cases: other people's drafts never leave their author.
    cases = selectors.export_cases(
        request.user, permissions.visible_cases(request.user).filter(cohort=cohort)
        .exclude(status="draft").order_by("submitted_at", "pk")
    )
    stamp = timezone.localdate().isoformat()
    return _zip_response(cases, f"casussen-{slugify(cohort.title)}-{stamp}.zip")
