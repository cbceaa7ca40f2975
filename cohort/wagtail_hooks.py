from wagtail import hooks

from cohort.viewsets import membership_viewset


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return membership_viewset
