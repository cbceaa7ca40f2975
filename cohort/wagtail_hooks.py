from wagtail import hooks

from cohort import services
from cohort.models import CohortPage, Membership
from cohort.viewsets import membership_viewset


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return membership_viewset


@hooks.register("after_create_page")
def make_creator_facilitator_of_new_edition(request, page):
    """Access follows Membership alone, so whoever creates an edition joins it as facilitator."""
    if isinstance(page.specific, CohortPage):
        services.membership_add(
            user=request.user, cohort=page.specific, role=Membership.Role.FACILITATOR
        )


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
