"""Serving files that never get a public URL (DESIGN.md rule 3): one place for the headers."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def serve_file(source, *, content_type, cache_control, filename=None, as_attachment=False,
               sandbox=False) -> FileResponse:
    """Stream a stored file (or an open file object) after the caller checked access.

    A stored file that has gone missing answers 404. ``sandbox`` adds a CSP that keeps
    scripts from running should a browser render the file itself.
    """
    if isinstance(source, FieldFile):
        try:
            source = source.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
    response = FileResponse(source, content_type=content_type, as_attachment=as_attachment,
                            filename=filename or "")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    response["Referrer-Policy"] = "no-referrer"
    if sandbox:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
