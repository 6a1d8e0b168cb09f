"""Queue filters a person saved under a name, so a daily view is one click away."""

from django.conf import settings
from django.db import models


class SavedFilter(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(max_length=80)
    # The queue's query string (tab, filters, sort) exactly as the URL carries it, so a saved
    # filter and a bookmark open the same list.
    query_string = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="one_saved_filter_name_per_owner")]

    def __str__(self) -> str:
        return self.name
