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
