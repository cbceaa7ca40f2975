from wagtail import hooks

from cohort.viewsets import membership_viewset


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return membership_viewset


@hooks.register("before_serve_document")
def members_only_documents(document, request):
    """Documents in a restricted collection (course material) are for members only.

    Wagtail's own check lets any signed-in user through a login restriction;
    members of an edition and admin users are the ones who may read course
    material, everyone else gets 404 (rule 1).
    """
    from django.http import Http404
    from wagtail.models import CollectionViewRestriction

    from cohort import permissions

    restricted = CollectionViewRestriction.objects.filter(
        collection__in=document.collection.get_ancestors(inclusive=True)
    ).exists()
    if not restricted or not request.user.is_authenticated:
        return None  # public, or Wagtail's own restriction sends the visitor to login
    if permissions.can_access_admin(request.user) or permissions.cohort_ids_for(request.user):
        return None
    raise Http404


@hooks.register("construct_page_chooser_queryset")
def hide_other_editions_in_page_chooser(pages, request):
    """The page chooser browses the whole tree, not the permission policy: an edition
    the user does not facilitate is left out there too (rule 7)."""
    from cohort.admin_permissions import without_other_editions

    return without_other_editions(pages, request.user)


@hooks.register("construct_reports_menu")
def reports_for_superusers_only(request, menu_items):
    """Wagtail's reports span every section (page types, site history, log entries of all
    editions); the admin guard answers 404 to others (config.middleware), so no menu."""
    from cohort.admin_permissions import restricted

    if restricted(request.user):
        menu_items[:] = []
