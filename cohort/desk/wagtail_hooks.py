"""The desk on the Wagtail dashboard, and in the admin menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
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


class DeskMenu(Menu):
    """The desk, then each of her editions' pages (cases, progress, …): made per request,
    since they depend on who is signed in."""

    SHOWN = 5  # the most recent editions; the desk lists them all

    def menu_items_for_request(self, request):
        # Asked twice per admin page (is the submenu shown, then its items): one query.
        if not hasattr(request, "_desk_menu_items"):
            request._desk_menu_items = self._items(request)
        return request._desk_menu_items

    def _items(self, request):
        from cohort.desk import registry, selectors

        cohorts = selectors.desk_cohorts(request.user)[: self.SHOWN]
        if not cohorts:
            return []
        items = [MenuItem(_("All your editions"), reverse("desk:all"), icon_name="tasks", order=0)]
        for position, cohort in enumerate(cohorts, start=1):
            for offset, (label, url) in enumerate(registry.links_for(cohort.pk)):
                items.append(MenuItem(
                    f"{cohort.title}: {label}", url, name=f"desk-{cohort.pk}-{offset}",
                    order=position * 100 + offset,
                ))
        return items


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return SubmenuMenuItem(_("Desk"), DeskMenu(), name="desk", icon_name="tasks", order=150)
