"""Investigations opened on an allegation (19 CFR 12.42(a)-(d)) and their ILO indicator assessment."""

from django.conf import settings
from django.db import models

from cases.validators import validate_country_code, validate_hts_headings


class InvestigationStatus(models.TextChoices):
    ALLEGATION_RECEIVED = "allegation_received", "Allegation received"
    RETURNED_NONCONFORMING = "returned_nonconforming", "Returned as non-conforming"
    UNDER_INVESTIGATION = "under_investigation", "Under investigation"
    CLOSED_NO_ACTION = "closed_no_action", "Closed, no action"
    WRO_RECOMMENDED = "wro_recommended", "WRO recommended"
    WRO_ISSUED = "wro_issued", "WRO issued"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class IloIndicator(models.TextChoices):
    """The 11 ILO indicators of forced labour, all weighed by the agency."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", "Abuse of vulnerability"
    DECEPTION = "deception", "Deception"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement", "Restriction of movement"
    ISOLATION = "isolation", "Isolation"
    PHYSICAL_AND_SEXUAL_VIOLENCE = "physical_and_sexual_violence", "Physical and sexual violence"
    INTIMIDATION_AND_THREATS = "intimidation_and_threats", "Intimidation and threats"
    RETENTION_OF_IDENTITY_DOCUMENTS = "retention_of_identity_documents", "Retention of identity documents"
    WITHHOLDING_OF_WAGES = "withholding_of_wages", "Withholding of wages"
    DEBT_BONDAGE = "debt_bondage", "Debt bondage"
    ABUSIVE_CONDITIONS = "abusive_working_and_living_conditions", "Abusive working and living conditions"
    EXCESSIVE_OVERTIME = "excessive_overtime", "Excessive overtime"


class Investigation(models.Model):
    reference = models.CharField(max_length=30, unique=True)
    status = models.CharField(
        max_length=30, choices=InvestigationStatus.choices, default=InvestigationStatus.ALLEGATION_RECEIVED
    )
    allegation_source = models.CharField(max_length=300, help_text="Who made the allegation.")
    allegation_received_on = models.DateField()
    allegation_summary = models.TextField(help_text="The statement of reasons and pertinent facts.")
    receiving_port_code = models.CharField(max_length=4, blank=True)
    subject_entity = models.ForeignKey(
        "cases.ForeignEntity", null=True, blank=True, on_delete=models.PROTECT, related_name="investigations"
    )
    subject = models.CharField(max_length=300, help_text="The producer, region or practice alleged.")
    merchandise = models.CharField(max_length=300)
    country = models.CharField(max_length=2, validators=[validate_country_code])
    hts_codes = models.JSONField(default=list, blank=True, validators=[validate_hts_headings])
    suspected_basis = models.CharField(
        max_length=10, blank=True, help_text="Legal basis the facts point to (wro, caatsa, uflpa)."
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="investigations"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    resulting_wro = models.OneToOneField(
        "cases.WithholdReleaseOrder", null=True, blank=True, on_delete=models.PROTECT,
        related_name="source_investigation",
    )
    outcome_reason = models.TextField(blank=True, help_text="Written advice or closing reason.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-allegation_received_on", "reference"]
        indexes = [models.Index(fields=["status", "assigned_officer"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"


class IloIndicatorAssessment(models.Model):
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="indicators")
    indicator = models.CharField(max_length=50, choices=IloIndicator.choices)
    observed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["investigation", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "indicator"], name="one_assessment_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {'observed' if self.observed else 'not observed'}"
