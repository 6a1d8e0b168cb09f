"""Foreign producers and other entities named by orders, investigations and shipments."""

from django.db import models

from cases.validators import validate_country_code


class ForeignEntity(models.Model):
    name = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names (a/k/a), as a list.")
    address = models.TextField(blank=True)
    country = models.CharField(max_length=2, validators=[validate_country_code])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "foreign entities"
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self) -> str:
        return self.name
