import io

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from cohort.files import check_image_pixels
from cohort.models import User

PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_SIDE = 800


class PhotoInput(forms.ClearableFileInput):
    """The current photo as a picture through the checked photo view (not the file's name,
    and not its storage URL: photos are private), with a "remove" box."""

    template_name = "cohort/widgets/photo_input.html"
    photo_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["photo_url"] = self.photo_url
        return context


class ProfileForm(forms.ModelForm):
    """What members may change about themselves."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "display_name", "organisation", "role_name", "bio",
                  "photo"]
        widgets = {
            "photo": PhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 600}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["photo"].widget.photo_url = self.instance.photo_url
        self.fields["photo"].help_text = _(
            "A JPEG, PNG or WebP image of at most %(size)s. Only members of your editions see it."
        ) % {"size": filesizeformat(settings.PROFILE_PHOTO_MAX_BYTES)}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or photo == self.instance.photo:
            return photo
        if photo.size > settings.PROFILE_PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is %(size)s; the limit is %(max)s."),
                code="too_large",
                params={
                    "size": filesizeformat(photo.size),
                    "max": filesizeformat(settings.PROFILE_PHOTO_MAX_BYTES),
                },
            )
        try:
            photo.seek(0)
            image = Image.open(photo)
            image_format = image.format
        except Exception:
            raise forms.ValidationError(
                _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
                code="unreadable",
            ) from None
        # Both from the header, before anything decodes: only our three formats' decoders
        # ever run, and never on more pixels than the limit.
        if image_format not in PHOTO_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format")
        check_image_pixels(image)
        try:
            image.load()
        except Exception:
            raise forms.ValidationError(
                _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
                code="unreadable",
            ) from None
        return self._reencode(image, image_format)

    def _reencode(self, image, image_format):
        # Re-encoding drops EXIF (location, camera) and anything hidden in the file.
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format=image_format)
        extension = PHOTO_FORMATS[image_format]
        return InMemoryUploadedFile(
            buffer,
            "photo",
            f"photo.{extension}",
            Image.MIME[image_format],
            buffer.getbuffer().nbytes,
            None,
        )
