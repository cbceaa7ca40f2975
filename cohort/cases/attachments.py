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
# A name that says "program" or "web page" anywhere ("rapport.pdf.exe", "x.html.pdf") is
# refused whatever the content: whoever downloads it may trust the name over the icon.
_RISKY = {"exe", "com", "bat", "cmd", "scr", "msi", "ps1", "sh", "js", "jar", "vbs", "wsf",
          "html", "htm", "xhtml", "shtml", "svg", "php", "hta", "lnk", "app"}
# Markup inside an image means a polyglot: a picture that is also a web page.
_MARKUP = (b"<html", b"<script", b"<svg", b"<!doctype", b"<body", b"<iframe", b"<?php")


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


def _polyglot(upload) -> bool:
    upload.seek(0)
    data = upload.read().lower()
    upload.seek(0)
    trailing = data.startswith(b"\x89png") and len(data) > data.rfind(b"iend") + 8
    return trailing or any(marker in data for marker in _MARKUP)


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
    if any(part in _RISKY for part in name.lower().split(".")[1:]):
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
    if content_type.startswith("image/") and _polyglot(upload):
        raise ValidationError(
            _("“%(name)s” cannot be attached: the image also holds something else (a web "
              "page or other data after the picture). Save it again as a plain image.")
            % {"name": name}, code="polyglot")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return CheckedFile(upload, f"{stem}{extension}", content_type, extension, size)
