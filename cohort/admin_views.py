"""Wagtail admin views for models that belong to an edition (memberships, invitations).

A facilitator reaches the rows of the editions she facilitates only, in every view a
``ModelViewSet`` mounts: the listing and its filters and exports, add, edit, delete,
inspect, history and usage (DESIGN.md, rule 7). Superusers reach all. (Exports write CSV
cells that a spreadsheet cannot read as a formula: ``cohort.spreadsheets``.)
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from cohort import permissions
from cohort.converters import parse_id


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


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses, as an invalid choice, what no database key can be
    (an id of 25 digits would otherwise overflow SQLite's integer: a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelChoiceFilter(ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class EditionFilterSet(WagtailFilterSet):
    """Its edition filter offers the user's own editions (list_filter builds the rest)."""

    cohort = BoundedModelChoiceFilter(
        label=_("Edition"), empty_label=_("All"),
        queryset=lambda request: managed_editions(request.user),
    )


class ScopedIndexView(generic.IndexView):
    base_filterset_class = EditionFilterSet
    select_related = ()

    def get_base_queryset(self):
        queryset = scoped(super().get_base_queryset(), self.request.user)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


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
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    # A copy would start from a row of any edition: adding is what a facilitator does.
    copy_view_enabled = False
    # What the listing and its exports show of each row, read with it (no query per row).
    list_select_related = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(select_related=self.list_select_related, **kwargs)
