"""Our document model: every document file lives in private storage (DESIGN.md, rule 3).

Course material documents are for members only, so no file may sit behind a public media
URL (under ``make run`` Django serves ``/media/``; on S3 a public bucket path). The file's
``url`` is Wagtail's serve view, which runs the collection rule
(``cohort.wagtail_hooks.members_only_documents``) before it streams the file.
See https://docs.wagtail.org/en/stable/advanced_topics/documents/custom_document_model.html
"""

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

from cohort.models import private_storage


class PrivateDocumentFieldFile(FieldFile):
    """``document.file.url`` is the checked serve view too, wherever Wagtail reads it."""

    @property
    def url(self):
        self._require_file()
        return self.instance.url


class PrivateDocumentField(models.FileField):
    attr_class = PrivateDocumentFieldFile


class LeergangDocument(AbstractDocument):
    file = PrivateDocumentField(upload_to="documents", verbose_name=_("file"),
                                storage=private_storage)

    admin_form_fields = Document.admin_form_fields

    # Permissions stay on wagtaildocs.Document: Wagtail's policy checks them there
    # (auth_model), so the facilitators' group keeps working unchanged.
    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
