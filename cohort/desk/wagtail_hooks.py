"""The desk on the Wagtail dashboard, and in the admin menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component


class DeskPanel(Component):
    name = "leergang_desk"
    order = 50
    template_name = "desk/admin/dashboard_panel.html"

    def __init__(self, sections):
        self.sections = sections

    def get_context_data(self, parent_context):
        return {"sections": self.sections, "desk_url": reverse("desk:all")}


@hooks.register("construct_homepage_panels")
def add_desk_panel(request, panels):
    from cohort.desk import selectors

    cohorts = selectors.desk_cohorts(request.user)
    if cohorts:
        # A glance only: opening the dashboard is not a visit to the desk.
        panels.append(DeskPanel(selectors.desk_sections(request.user, cohorts, record=False)))


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        from cohort import permissions

        return bool(permissions.facilitated_cohort_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(_("Desk"), reverse("desk:all"), icon_name="tasks", order=150)
