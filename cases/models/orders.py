"""Withhold Release Orders (19 CFR 12.42(e)), Findings (12.42(f)), exemptions and modification petitions."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cases.validators import hts_matches, validate_country_code, validate_hts_headings


class Confidence(models.TextChoices):
    VERIFIED = "V", "Verified in a primary source"
    SECONDARY = "S", "Secondary source"
    UNVERIFIED = "U", "Unverified transcription (demo only)"


class WroStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    PARTIALLY_ACTIVE = "partially_active", "Partially Active"
    INACTIVE = "inactive", "Inactive"


class FindingStatus(models.TextChoices):
    PUBLISHED = "published", "Active"
    MODIFIED = "modified", "Partially Active"
    NO_LONGER_NECESSARY = "no_longer_necessary", "Inactive"


class ForcedLaborOrder(models.Model):
    """What a WRO and a Finding share: who and what they cover, and when."""

    reference = models.CharField(max_length=40, unique=True)
    entity = models.ForeignKey(
        "cases.ForeignEntity", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    entity_name = models.CharField(max_length=400, help_text="The entity or region as published.")
    is_region_wide = models.BooleanField(
        default=False, help_text="Covers a whole region or country rather than named producers."
    )
    merchandise = models.CharField(max_length=300)
    hts_codes = models.JSONField(
        default=list, blank=True, validators=[validate_hts_headings],
        help_text="HTSUS headings (4 to 10 digits); a shipment's code matches by prefix.",
    )
    country = models.CharField(max_length=2, validators=[validate_country_code])
    modified_date = models.DateField(null=True, blank=True)
    inactive_since = models.DateField(
        null=True, blank=True, help_text="Goods imported on or after this date are no longer covered."
    )
    later_events = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    confidence = models.CharField(max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.reference}: {self.entity_name}"

    # --- Which goods the order covers (19 CFR 12.42(e)-(f)); read by `orders_covering` and the seizure under a
    # later Finding, so that both apply one rule. Exemptions are read through the relation: prefetch them.

    def covers_goods(self, *, country: str, hts_codes, producer_id) -> bool:
        """Goods of the order's country, made by the producer it names (anywhere in the country when it is
        region-wide), whose HTSUS number falls under one of its headings (an order listing none covers all
        merchandise of its producer). Dates and exemptions are checked apart."""
        if (country or "").strip().upper() != self.country:
            return False
        if not self.is_region_wide and (producer_id is None or producer_id != self.entity_id):
            return False
        return not self.hts_codes or any(hts_matches(code, self.hts_codes) for code in (hts_codes or []))

    def exemption_for(self, *, producer_id, importer_id, day: datetime.date):
        """The exemption (partial modification) of this producer or importer in effect by `day`, or None.

        An exemption naming both a producer and an importer covers only that producer's goods for that
        importer; one that only describes the modification in words names nobody the system can match.
        """
        for exemption in self.exemptions.all():
            if exemption.effective_date > day or not (exemption.producer_id or exemption.importer_id):
                continue
            if exemption.producer_id and exemption.producer_id != producer_id:
                continue
            if exemption.importer_id and exemption.importer_id != importer_id:
                continue
            return exemption
        return None


class WithholdReleaseOrder(ForcedLaborOrder):
    status = models.CharField(max_length=20, choices=WroStatus.choices, default=WroStatus.DRAFT)
    effective_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_date", "reference"]
        verbose_name = "withhold release order"
        constraints = [
            models.CheckConstraint(
                name="wro_in_force_has_effective_date",
                condition=Q(status="draft") | Q(effective_date__isnull=False),
            ),
            models.CheckConstraint(
                name="wro_modified_after_effective",
                condition=Q(modified_date__isnull=True) | Q(modified_date__gte=F("effective_date")),
            ),
            models.CheckConstraint(
                name="wro_inactive_after_effective",
                condition=Q(inactive_since__isnull=True) | Q(inactive_since__gte=F("effective_date")),
            ),
        ]

    kind = "wro"

    def is_in_force_on(self, day: datetime.date) -> bool:
        """Covers goods imported on `day`: effective by then, and not yet revoked."""
        if self.status == WroStatus.DRAFT or self.effective_date is None or day < self.effective_date:
            return False
        return self.inactive_since is None or day < self.inactive_since


class Finding(ForcedLaborOrder):
    status = models.CharField(max_length=20, choices=FindingStatus.choices, default=FindingStatus.PUBLISHED)
    published_date = models.DateField()
    federal_register_citation = models.CharField(max_length=100, blank=True)
    source_wro = models.OneToOneField(
        WithholdReleaseOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="finding",
        help_text="The WRO this Finding converted, if any.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_date", "reference"]
        constraints = [
            models.CheckConstraint(
                name="finding_modified_after_published",
                condition=Q(modified_date__isnull=True) | Q(modified_date__gte=F("published_date")),
            ),
            models.CheckConstraint(
                name="finding_inactive_after_published",
                condition=Q(inactive_since__isnull=True) | Q(inactive_since__gte=F("published_date")),
            ),
        ]

    kind = "finding"

    @property
    def effective_date(self) -> datetime.date:
        return self.published_date

    def is_in_force_on(self, day: datetime.date) -> bool:
        # A Finding applies to imports on or after publication (and to goods still in custody).
        if day < self.published_date:
            return False
        return self.inactive_since is None or day < self.inactive_since


_ONE_ORDER = (Q(wro__isnull=False) & Q(finding__isnull=True)) | (Q(wro__isnull=True) & Q(finding__isnull=False))


class OrderExemption(models.Model):
    """A partial modification: the order stays in force except for a named producer or importer."""

    wro = models.ForeignKey(
        WithholdReleaseOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="exemptions"
    )
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="exemptions")
    producer = models.ForeignKey("cases.ForeignEntity", null=True, blank=True, on_delete=models.PROTECT)
    importer = models.ForeignKey("cases.ImporterOrganisation", null=True, blank=True, on_delete=models.PROTECT)
    description = models.CharField(max_length=300, blank=True)
    effective_date = models.DateField()
    petition = models.ForeignKey(
        "cases.ModificationPetition", null=True, blank=True, on_delete=models.PROTECT, related_name="exemptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(name="exemption_names_one_order", condition=_ONE_ORDER),
            models.CheckConstraint(
                name="exemption_names_who",
                condition=Q(producer__isnull=False) | Q(importer__isnull=False) | ~Q(description=""),
            ),
        ]

    def __str__(self) -> str:
        who = self.producer or self.importer or self.description
        return f"Exemption of {who} from {self.order.reference}"

    @property
    def order(self):
        return self.wro or self.finding


class PetitionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"


class ModificationPetition(models.Model):
    """A petition to the Forced Labor Division to modify or revoke an order (partially or fully)."""

    wro = models.ForeignKey(
        WithholdReleaseOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions"
    )
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions")
    petitioner = models.CharField(max_length=300)
    grounds = models.TextField(help_text="Why the goods are not, or no longer, made with forced labor.")
    full_revocation = models.BooleanField(default=False)
    exempt_producer = models.ForeignKey(
        "cases.ForeignEntity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exempt_importer = models.ForeignKey(
        "cases.ImporterOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=PetitionStatus.choices, default=PetitionStatus.SUBMITTED)
    submitted_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on"]
        constraints = [
            models.CheckConstraint(name="petition_names_one_order", condition=_ONE_ORDER),
            models.CheckConstraint(
                name="petition_decided_after_submitted",
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("submitted_on")),
            ),
            models.CheckConstraint(
                name="petition_partial_names_who",
                condition=Q(full_revocation=True)
                | Q(exempt_producer__isnull=False)
                | Q(exempt_importer__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Petition by {self.petitioner} on {self.order.reference} ({self.get_status_display()})"

    @property
    def order(self):
        return self.wro or self.finding
