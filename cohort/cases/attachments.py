"""What a case attachment may be, decided on the file's content, never its name (rule 3)."""

import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from cohort.files import check_image_pixels

# Office Open XML: a zip whose main part says which application it belongs to.
_OOXML = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"
    ),
}
# Older Word and PowerPoint files share one container format; the name tells which.
_OLE = {".doc": ("application/msword", ".doc"), ".ppt": ("application/vnd.ms-powerpoint", ".ppt")}
_IMAGES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"),
           "GIF": ("image/gif", ".gif"), "WEBP": ("image/webp", ".webp")}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A name whose extension says "program" or "web page" ("rapport.pdf.exe") is refused
# whatever the content: it is a mismatch worth saying, not a danger (a file is stored and
# offered under the extension of what it is, as an attachment, with nosniff and a sandbox).
_RISKY = {"exe", "bat", "cmd", "scr", "msi", "ps1", "sh", "js", "jar", "vbs", "wsf", "html",
          "htm", "xhtml", "shtml", "svg", "php", "hta", "lnk"}


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    extension: str
    size: int


def clean_name(name: str) -> str:
    """The name shown and used in downloads: no path, no control characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>').strip(" .")
    return name[:200] or _("attachment")


def _detect(upload, name: str):
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(_OLE_SIGNATURE):
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return _OLE.get(suffix)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        for part, kind in _OOXML.items():
            if part in names and "[Content_Types].xml" in names:
                return kind
        return None
    try:
        guesses = {match.mime_type for match in puremagic.magic_string(head)}
    except puremagic.PureError:
        guesses = set()
    if not any(mime.startswith("image/") for mime in guesses) or "image/svg+xml" in guesses:
        return None
    # Pillow must be able to read it: a renamed HTML file or a broken image fails here.
    try:
        with Image.open(upload) as image:
            check_image_pixels(image, name)  # its header only: nothing decoded yet
            image.verify()
            kind = _IMAGES.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return kind


def _trailing_data(upload) -> bool:
    """Whether a PNG or WebP goes on after its picture ends (a polyglot: a picture that is
    also something else). PNG is walked chunk by chunk to its IEND; a WebP's RIFF header
    gives its length."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        position = 8
        while position + 8 <= len(data):
            length = int.from_bytes(data[position:position + 4], "big")
            kind = data[position + 4:position + 8]
            position += 12 + length
            if kind == b"IEND":
                return position < len(data)
        return True  # no IEND: not a whole picture
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return int.from_bytes(data[4:8], "little") + 8 < len(data)
    return False


def check_upload(upload) -> CheckedFile:
    """Return what the upload is, or raise a translated ValidationError."""
    raw = getattr(upload, "name", "") or ""
    name = clean_name(raw)
    # A browser sends a file's own name only: a folder or a control character in it was
    # put there on purpose.
    if "/" in raw or "\\" in raw or any(not ch.isprintable() for ch in raw):
        raise ValidationError(
            _("“%(name)s” cannot be attached: its name holds a folder or an invisible "
              "character. Rename the file and try again.") % {"name": name}, code="name")
    if "." in name and name.rsplit(".", 1)[1].strip().lower() in _RISKY:
        raise ValidationError(
            _("“%(name)s” cannot be attached: its name makes it look like a program or a web "
              "page. Give it the extension of what it is (.pdf, .docx, .png, …).")
            % {"name": name}, code="name")
    size = getattr(upload, "size", 0) or 0
    limit = settings.CASE_ATTACHMENT_MAX_BYTES
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; an attachment may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    try:
        kind = _detect(upload, name)
    except OSError:
        kind = None
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s” cannot be attached: it is not a readable PDF, Word or PowerPoint "
                "file or image (PNG, JPEG, GIF, WebP)."
            )
            % {"name": name},
            code="type",
        )
    content_type, extension = kind
    if content_type in ("image/png", "image/webp") and _trailing_data(upload):
        raise ValidationError(
            _("“%(name)s” cannot be attached: the image also holds something else (a web "
              "page or other data after the picture). Save it again as a plain image.")
            % {"name": name}, code="polyglot")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return CheckedFile(upload, f"{stem}{extension}", content_type, extension, size)
