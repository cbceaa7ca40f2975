"""Wagtail admin: users with our profile fields, and memberships per edition."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from cohort.admin_views import BoundedModelChoiceField, EditionScopedViewSet, managed_editions
from cohort.models import CohortPage, Membership, User

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


class MembershipAdminForm(WagtailAdminModelForm):
    """Editions: the ones she facilitates. People: members of those editions (someone new
    joins through an invitation), so no address of another edition is offered."""

    user = BoundedModelChoiceField(label=_("Person"), queryset=User.objects.all())
    cohort = BoundedModelChoiceField(label=_("Edition"), queryset=CohortPage.objects.none())

    class Meta:
        model = Membership
        fields = ["user", "cohort", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editions = managed_editions(self.for_user)
        # The choices are the check: an edition she does not facilitate is not valid here,
        # and the edit view finds only memberships of her editions (admin_views.scoped).
        self.fields["cohort"].queryset = editions
        if not self.for_user.is_superuser:
            self.fields["user"].queryset = User.objects.filter(
                is_active=True, memberships__cohort__in=editions
            ).distinct()


class MembershipViewSet(EditionScopedViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "memberships"
    list_display = ["user", "cohort", "role", "created_at"]
    list_filter = ["cohort", "role"]
    list_export = ["user", "email", "cohort", "role", "created_at"]
    list_select_related = ("user", "cohort")
    export_filename = "memberships"
    search_fields = ["user__email", "user__first_name", "user__last_name", "user__display_name"]
    ordering = ["cohort", "user__first_name"]

    def get_form_class(self, for_update=False):
        return MembershipAdminForm


membership_viewset = MembershipViewSet("memberships")
