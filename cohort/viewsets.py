"""Wagtail admin: users with our profile fields, and memberships per edition."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from cohort.models import Membership

PROFILE_FIELDS = {"display_name", "organisation", "role_name"}


class LeergangUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PROFILE_FIELDS


class LeergangUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PROFILE_FIELDS


class UserViewSet(WagtailUserViewSet):
    create_template_name = "cohort/admin/user_create.html"
    edit_template_name = "cohort/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return LeergangUserEditForm if for_update else LeergangUserCreationForm


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "memberships"
    form_fields = ["user", "cohort", "role"]
    list_display = ["user", "cohort", "role", "created_at"]
    list_filter = ["cohort", "role"]
    list_export = ["user", "email", "cohort", "role", "created_at"]
    export_filename = "memberships"
    search_fields = ["user__email", "user__first_name", "user__last_name", "user__display_name"]
    ordering = ["cohort", "user__first_name"]


membership_viewset = MembershipViewSet("memberships")
