"""Serving files that never get a public URL (DESIGN.md rule 3): one place for the headers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


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


def check_image_pixels(image, name: str = "") -> None:
    """Refuse an opened (not yet decoded) Pillow image above ``IMAGE_MAX_PIXELS``.

    ``Image.open`` reads the header only; call this before ``load``, ``verify``,
    ``thumbnail`` or anything else that decodes, so a small file claiming a huge canvas
    never takes the memory it claims.
    """
    width, height = image.size
    limit = settings.IMAGE_MAX_PIXELS
    if width * height <= limit:
        return
    params = {"name": name, "width": width, "height": height,
              "limit": f"{limit / 1_000_000:.0f}"}
    message = (
        _("“%(name)s” is %(width)d × %(height)d pixels; an image may have at most "
          "%(limit)s million pixels. Make it smaller and try again.")
        if name else
        _("This image is %(width)d × %(height)d pixels; an image may have at most "
          "%(limit)s million pixels. Make it smaller and try again.")
    )
    raise ValidationError(message % params, code="too_many_pixels")
