"""Case notes: internal to the agency, or shared with the importer."""

from django.conf import settings
from django.db import models


class NoteVisibility(models.TextChoices):
    INTERNAL = "internal", "Internal (agency only)"
    IMPORTER = "importer", "Visible to the importer"


class Note(models.Model):
    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    visibility = models.CharField(max_length=10, choices=NoteVisibility.choices, default=NoteVisibility.INTERNAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_visibility_display()} note by {self.author}"
