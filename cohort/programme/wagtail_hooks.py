from wagtail import hooks

from cohort.programme.viewsets import invitation_viewset


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return invitation_viewset
