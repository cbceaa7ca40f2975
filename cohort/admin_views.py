"""Wagtail admin views for models that belong to an edition (memberships, invitations).

A facilitator reaches the rows of the editions she facilitates only, in every view a
``ModelViewSet`` mounts: the listing and its filters and exports, add, edit, delete,
inspect, history and usage (DESIGN.md, rule 7). Superusers reach all. Exports write CSV
cells that a spreadsheet cannot read as a formula.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from cohort import permissions
from cohort.spreadsheets import SafeSpreadsheetExportMixin


def scoped(queryset, user, field="cohort"):
    """``queryset`` narrowed to rows of editions the user facilitates."""
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{field}_id__in": permissions.facilitated_cohort_ids(user)})


def managed_editions(user):
    """The editions the user may administer (filters and form choices)."""
    from cohort.models import CohortPage

    editions = CohortPage.objects.order_by("path")
    if user.is_superuser:
        return editions
    return editions.filter(pk__in=permissions.facilitated_cohort_ids(user))


class EditionFilterSet(WagtailFilterSet):
    """Its edition filter offers the user's own editions (list_filter builds the rest)."""

    cohort = ModelChoiceFilter(
        label=_("edition"), queryset=lambda request: managed_editions(request.user)
    )


class ScopedIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    base_filterset_class = EditionFilterSet

    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user)


class ScopedCreateView(generic.CreateView):
    pass


class ScopedEditView(generic.EditView):
    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


class ScopedDeleteView(generic.DeleteView):
    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


class ScopedInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            scoped(self.model._default_manager.all(), self.request.user), pk=self.pk
        )


class ScopedHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return scoped(super().get_base_object_queryset(), self.request.user)


class ScopedUsageView(UsageView):
    def get_base_object_queryset(self):
        return scoped(super().get_base_object_queryset(), self.request.user)


class EditionScopedViewSet(ModelViewSet):
    """A ``ModelViewSet`` for a model with a ``cohort`` foreign key."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    # A copy would start from a row of any edition: adding is what a facilitator does.
    copy_view_enabled = False
