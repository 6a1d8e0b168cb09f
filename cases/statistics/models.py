"""Reference data and records of the statistics: the HTS-to-industry mapping and the annual reports sent."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q


class Industry(models.TextChoices):
    """The industry groups of the agency's public forced-labor statistics (docs/statistics.md)."""

    ELECTRONICS = "electronics", "Electronics"
    APPAREL = "apparel", "Apparel, footwear and textiles"
    INDUSTRIAL = "industrial", "Industrial and manufacturing materials"
    AGRICULTURE = "agriculture", "Agriculture and food"
    CONSUMER = "consumer", "Consumer products"
    AUTOMOTIVE = "automotive", "Automotive and aerospace"
    PHARMA_CHEMICALS = "pharma_chemicals", "Pharmaceuticals and chemicals"
    BASE_METALS = "base_metals", "Base metals"
    OTHER = "other", "Other"


class IndustryMapping(models.Model):
    """An HTSUS chapter (2 digits) or heading (4 digits) and the industry group its goods count under.

    A heading row wins over its chapter's row; a code matching neither counts as Other.
    """

    hts_prefix = models.CharField(
        max_length=4, unique=True,
        validators=[RegexValidator(r"^[0-9]{2}([0-9]{2})?$", "Enter a 2-digit chapter or a 4-digit heading.")],
        help_text="HTSUS chapter (2 digits, e.g. 85) or heading (4 digits, e.g. 8471).",
    )
    industry = models.CharField(max_length=20, choices=Industry.choices)
    note = models.CharField(max_length=200, blank=True, help_text="What the chapter or heading covers.")

    class Meta:
        ordering = ["hts_prefix"]
        verbose_name = "HTS industry mapping"
        constraints = [
            models.CheckConstraint(name="industry_mapping_prefix_digits",
                                   condition=Q(hts_prefix__regex=r"^[0-9]{2}([0-9]{2})?$")),
            models.CheckConstraint(name="industry_mapping_industry_valid", condition=Q(industry__in=Industry.values)),
        ]

    def __str__(self) -> str:
        return f"{self.hts_prefix} → {self.get_industry_display()}"


class AnnualReport(models.Model):
    """One generation of the report to Congress (19 U.S.C. 4453): the figures sent and when.

    The PDF and the CSV bundle are kept as evidence files pointing here, each with its SHA-256.
    """

    fiscal_year = models.PositiveSmallIntegerField()
    generated_at = models.DateTimeField(auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField(help_text="The figures as printed in the report.")
    pdf_sha256 = models.CharField(max_length=64)
    bundle_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-generated_at", "-id"]
        constraints = [
            models.CheckConstraint(name="annual_report_fiscal_year_plausible",
                                   condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100)),
        ]

    def __str__(self) -> str:
        return f"Annual report FY{self.fiscal_year} ({self.generated_at:%Y-%m-%d %H:%M})"


class StatisticsSnapshot(models.Model):
    """The figures of a view with no filter but the fiscal year, computed by the periodic refresh.

    Aggregating every detention on each request costs time in proportion to the records; these rows hold
    the result (cases.statistics.snapshots), refreshed by Celery beat, and the pages say how fresh they are.
    """

    scope = models.CharField(max_length=10, unique=True, help_text='"all" or "fy<year>".')
    computed_at = models.DateTimeField()
    figures = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["scope"]

    def __str__(self) -> str:
        return f"Statistics {self.scope} as of {self.computed_at:%Y-%m-%d %H:%M}"
