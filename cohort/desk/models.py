"""When a facilitator last looked at her desk for an edition: what is new is what came
after the visit before the current one (so reloading the page does not empty it)."""

from django.conf import settings
from django.db import models


class DeskVisit(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    cohort = models.ForeignKey("cohort.CohortPage", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "cohort"],
                                               name="one_desk_visit_per_edition")]

    def __str__(self):
        return f"{self.user_id} @ {self.cohort_id}: {self.seen_at:%Y-%m-%d %H:%M}"
