"""Our image model: every image file lives in private storage and is served by our view.

Block pages are members-only, so their images may not sit behind a public media URL.
Originals and renditions are stored in ``STORAGES["private"]``; their ``url`` points
at ``cohort.image_views``, which applies the same collection rule as documents.
See https://docs.wagtail.org/en/stable/advanced_topics/images/custom_image_model.html
"""

from django.db import models
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    WagtailImageFieldFile,
    get_rendition_upload_to,
    get_upload_to,
)

from cohort.models import private_storage


class PrivateImageFieldFile(WagtailImageFieldFile):
    """``image.file.url`` goes through our serving view too, wherever it is read
    (templates, Wagtail's images API serializer), never to a storage URL."""

    @property
    def url(self):
        self._require_file()
        return self.instance.url_for_file()


class PrivateImageField(WagtailImageField):
    attr_class = PrivateImageFieldFile


class ServedImageMixin:
    """Signed URLs for our serving view.

    The signature covers the row, its file name and the image's collection: ids cannot
    be walked, and a replaced file or a collection move gets a new URL, so a cached
    public copy of the old one is never reused for it.
    """

    serve_kind = ""

    def _signature_source(self):
        raise NotImplementedError

    def signature(self):
        value = ":".join([self.serve_kind, str(self.pk), *map(str, self._signature_source())])
        return salted_hmac("cohort.images", value, algorithm="sha256").hexdigest()[:24]

    def has_signature(self, signature):
        return constant_time_compare(self.signature(), signature)

    def url_for_file(self):
        return reverse(
            "cohort:image_serve",
            kwargs={
                "kind": self.serve_kind,
                "pk": self.pk,
                "signature": self.signature(),
                "filename": self.file.name.rsplit("/", 1)[-1],
            },
        )


class LeergangImage(ServedImageMixin, AbstractImage):
    file = PrivateImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=private_storage,
        width_field="width",
        height_field="height",
    )

    admin_form_fields = Image.admin_form_fields
    serve_kind = "original"

    # Permissions stay on wagtailimages.Image: Wagtail's policy checks them there
    # (auth_model), so the facilitators' group keeps working unchanged.
    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def _signature_source(self):
        return [self.file.name, self.collection_id]


class LeergangRendition(ServedImageMixin, AbstractRendition):
    image = models.ForeignKey(
        LeergangImage, related_name="renditions", on_delete=models.CASCADE
    )
    file = PrivateImageField(
        upload_to=get_rendition_upload_to,
        storage=private_storage,
        width_field="width",
        height_field="height",
    )

    serve_kind = "rendition"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "filter_spec", "focal_point_key"], name="unique_rendition"
            )
        ]

    def _signature_source(self):
        return [self.file.name, self.image.collection_id]

    @property
    def url(self):
        """``{% image %}``, admin thumbnails and previews all read this."""
        return self.url_for_file()
