"""The importer's admissibility submission (the rebuttal) and the agency's requests for information."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PackageKind(models.TextChoices):
    """What the importer files depends on the basis (domain.md section 5)."""

    CERTIFICATE_AND_STATEMENT = "certificate_and_statement", "Certificate of origin and detailed statement"
    UFLPA_APPLICABILITY = "uflpa_applicability", "UFLPA applicability review"
    UFLPA_EXCEPTION = "uflpa_exception", "UFLPA exception request"
    CAATSA_EVIDENCE = "caatsa_evidence", "Clear and convincing evidence (CAATSA)"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    MORE_INFORMATION_REQUESTED = "more_information_requested", "More information requested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_SUBMISSION_STATUSES = ("draft", "submitted", "under_review", "more_information_requested")


class AdmissibilitySubmission(models.Model):
    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(
        "cases.ImporterOrganisation", on_delete=models.PROTECT, related_name="submissions"
    )
    package = models.CharField(max_length=30, choices=PackageKind.choices)
    status = models.CharField(max_length=30, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    summary = models.TextField(blank=True, help_text="Executive summary of the package.")
    answers = models.JSONField(
        default=dict, blank=True, help_text="Checklist item key -> the importer's statement for it."
    )
    ilo_statements = models.JSONField(
        default=dict, blank=True, help_text="ILO indicator -> how the supply chain addresses it."
    )
    receipt_number = models.CharField(max_length=30, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_started_at = models.DateTimeField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live package per detention: a second tab or a double click cannot open a parallel one.
            models.UniqueConstraint(
                fields=["detention"], condition=Q(status__in=OPEN_SUBMISSION_STATUSES),
                name="one_open_submission_per_detention",
            ),
            models.CheckConstraint(
                name="submitted_has_time",
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_package_display()} for {self.detention.shipment.entry_number}"


class RfiStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    LAPSED = "lapsed", "Lapsed"


class RequestForInformation(models.Model):
    """CBP Form 28 practice: questions to the importer, answered before a due date."""

    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="rfis")
    submission = models.ForeignKey(
        AdmissibilitySubmission, null=True, blank=True, on_delete=models.PROTECT, related_name="rfis"
    )
    status = models.CharField(max_length=10, choices=RfiStatus.choices, default=RfiStatus.OPEN)
    questions = models.TextField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    due_date = models.DateField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = "request for information"
        verbose_name_plural = "requests for information"
        constraints = [
            models.CheckConstraint(name="rfi_due_after_sent", condition=Q(due_date__gte=models.F("sent_on"))),
            models.CheckConstraint(
                name="rfi_answered_has_answer", condition=~Q(status="answered") | ~Q(answer=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Request for information of {self.sent_on:%d %B %Y} ({self.get_status_display()})"
