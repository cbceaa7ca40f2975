"""The public read API (/api/v2/): public pages only, never members-only content."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cohort.models import CohortPage
from cohort.programme.models import BlockPage

MEMBERS_ONLY = (CohortPage, BlockPage)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint lets a signed-in user through a login restriction;
    members-only page types stay out for everyone, whoever asks."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        for model in MEMBERS_ONLY:
            queryset = queryset.not_type(model)
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
