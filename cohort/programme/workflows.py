"""Review of programme pages by another facilitator of the same programme (rule 7).

Wagtail's group approval task lets everyone in its groups approve anything in its
workflow; every facilitator is in one group ("Begeleiders"), so a facilitator of another
programme could approve, or see awaiting review, this programme's blocks. This task adds
two conditions: the reviewer edits the page, as the page permission policy narrows it
per person (``cohort.admin_permissions``), and is not the one who asked for the review.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.permissions import policy_registry


def _edits(user, obj) -> bool:
    if not isinstance(obj, Page):
        return True
    return policy_registry.get_by_type(Page).user_has_permission_for_instance(
        user, "change", obj
    )


class ProgrammeReviewTask(AbstractGroupApprovalTask):
    def _reviews(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and state.requested_by_id == user.pk:
            return False  # a review is by another facilitator
        return self._user_in_groups(user) and _edits(user, obj)

    def user_can_access_editor(self, obj, user):
        return self._reviews(obj, user)

    def locked_for_user(self, obj, user):
        return not self._reviews(obj, user)

    def user_can_lock(self, obj, user):
        return self._reviews(obj, user)

    def get_actions(self, obj, user):
        return super().get_actions(obj, user) if self._reviews(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        pages = policy_registry.get_by_type(Page).instances_user_has_permission_for(
            user, "change"
        )
        return states.filter(
            workflow_state__object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)]
        ).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups who edit the page (its programme's "
                 "facilitators) can approve this task")

    class Meta:
        verbose_name = _("Review by a facilitator of the programme")
        verbose_name_plural = _("Reviews by a facilitator of the programme")
