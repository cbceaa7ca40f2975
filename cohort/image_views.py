"""Serve image originals and renditions from private storage (rule 3 of DESIGN.md).

The rule is the one documents follow (``members_only_documents`` in wagtail_hooks.py):
an image in a collection with a view restriction, or below one, is course material
for members of an edition and admin users; any other image is public.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from cohort import permissions
from cohort.files import serve_file

# Only formats Wagtail writes renditions in; anything else is not served at all.
IMAGE_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
# The URL changes with the file and the collection (see cohort/images.py), so a public
# copy may be cached long; a week bounds how long one outlives a new restriction.
PUBLIC_CACHE = "public, max-age=604800"
PRIVATE_CACHE = "private, max-age=3600"


def is_restricted(collection) -> bool:
    """Whether the collection or one of its ancestors has a view restriction."""
    return CollectionViewRestriction.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    ).exists()


def can_view_course_material(user) -> bool:
    """Members of any edition and admin users; the same rule as restricted documents."""
    return bool(permissions.cohort_ids_for(user)) or permissions.can_access_admin(user)


def _load(kind, pk):
    image_model = get_image_model()
    if kind == "original":
        queryset = image_model.objects.select_related("collection")
    elif kind == "rendition":
        queryset = image_model.get_rendition_model().objects.select_related("image__collection")
    else:
        raise Http404
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


@require_safe
def serve_image(request, kind, pk, signature, filename):
    """Stream an original or a rendition; ``filename`` only names the download."""
    served = _load(kind, pk)
    # A bad signature is a 404 before any permission question, so ids cannot be probed.
    if not served.has_signature(signature):
        raise Http404
    image = served if kind == "original" else served.image
    content_type = IMAGE_TYPES.get(served.file.name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        raise Http404

    restricted = is_restricted(image.collection)
    if restricted:
        if not request.user.is_authenticated:
            # As for documents: a visitor is sent to log in, then comes back here.
            return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
        if not can_view_course_material(request.user):
            raise Http404

    response = serve_file(served.file, content_type=content_type,
                          cache_control=PRIVATE_CACHE if restricted else PUBLIC_CACHE)
    if restricted:
        # The answer depends on who asks: no shared cache may reuse it.
        response["Vary"] = "Cookie"
    return response
