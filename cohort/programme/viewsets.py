"""Wagtail admin for invitations: invite, see the status, send again, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import CreateView
from wagtail.admin.widgets import ListingButton

from cohort.admin_views import (
    EditionScopedViewSet,
    ScopedIndexView,
    scoped,
)
from cohort.programme import services
from cohort.programme.forms import InvitationAdminForm
from cohort.programme.invitations import Invitation


class InvitationCreateView(CreateView):
    def save_instance(self):
        from wagtail.log_actions import log

        data = self.form.cleaned_data
        invitation = services.invitation_create(
            cohort=data["cohort"], email=data["email"], role=data["role"],
            invited_by=self.request.user,
        )
        log(instance=invitation, action="wagtail.create", user=self.request.user)
        return invitation

    def get_success_message(self, instance):
        return _("The invitation to %(email)s is on its way.") % {"email": instance.email}


class InvitationIndexView(ScopedIndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.can_be_resent:
            buttons.append(ListingButton(
                _("Send again"), url=reverse("invitations:resend", args=[instance.pk]),
                icon_name="mail", priority=5,
            ))
        if instance.status in (Invitation.Status.PENDING, Invitation.Status.EXPIRED):
            buttons.append(ListingButton(
                _("Withdraw"), url=reverse("invitations:revoke", args=[instance.pk]),
                icon_name="cross", priority=6,
            ))
        return buttons


def _action_view(action):
    @permission_required("programme.change_invitation", raise_exception=True)
    def view(request, pk):
        # Only invitations of her own editions exist here (rule 7).
        invitation = get_object_or_404(
            scoped(Invitation.objects.select_related("cohort"), request.user), pk=pk
        )
        if request.method == "POST":
            try:
                if action == "resend":
                    services.invitation_resend(invitation)
                    messages.success(request, _("The invitation to %(email)s has been sent again.")
                                     % {"email": invitation.email})
                else:
                    services.invitation_revoke(invitation)
                    messages.success(request, _("The invitation to %(email)s has been withdrawn.")
                                     % {"email": invitation.email})
            except services.InvitationError as error:
                messages.error(request, error.message)
            return redirect("invitations:index")
        return TemplateResponse(request, "programme/admin/invitation_action.html", {
            "invitation": invitation, "action": action,
            "header_title": invitation.email,
        })

    return view


class InvitationViewSet(EditionScopedViewSet):
    model = Invitation
    icon = "mail"
    menu_label = gettext_lazy("Invitations")
    menu_order = 240
    add_to_admin_menu = True
    url_prefix = "invitations"
    form_fields = ["cohort", "email", "role"]
    list_display = ["email", "cohort", "role", "status_label", "expires_at", "invited_by"]
    list_filter = ["cohort", "role"]
    search_fields = ["email"]
    list_export = ["email", "cohort", "role", "status_label", "created_at", "expires_at"]
    list_select_related = ("cohort", "invited_by")
    add_view_class = InvitationCreateView
    index_view_class = InvitationIndexView
    edit_view_enabled = False
    inspect_view_enabled = True
    # Never the token: the link it makes creates the invitee's account.
    inspect_view_fields = ["email", "cohort", "role", "status_label", "invited_by", "created_at",
                           "expires_at", "sent_count", "accepted_at", "accepted_by", "revoked_at"]

    def get_form_class(self, for_update=False):
        return InvitationAdminForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<id:pk>/resend/", _action_view("resend"), name="resend"),
            path("<id:pk>/revoke/", _action_view("revoke"), name="revoke"),
        ]


invitation_viewset = InvitationViewSet("invitations")
