"""Evidence files and their chain of custody.

A file belongs to exactly one case object. Its bytes never change: the row records the SHA-256 and
size taken while the upload streamed in, the storage key is derived from that hash (the same bytes are
stored once, each upload keeps its own row), and a correction is a new row that `replaces` the old one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Category(models.TextChoices):
    CERTIFICATE_OF_ORIGIN = "certificate_of_origin", "Certificate of origin (19 CFR 12.43(a))"
    SUPPLY_CHAIN_STATEMENT = "supply_chain_statement", "Detailed supply-chain statement (19 CFR 12.43(b))"
    AUDIT_REPORT = "audit_report", "Third-party audit report"
    REMEDIATION_PLAN = "remediation_plan", "Remediation plan"
    SUPPLY_CHAIN_MAP = "supply_chain_map", "Supply-chain map"
    PAYROLL_RECORDS = "payroll_records", "Payroll and workforce records"
    PRODUCTION_RECORDS = "production_records", "Production records"
    PACKING_LIST = "packing_list", "Packing list or manifest"
    BILL_OF_LADING = "bill_of_lading", "Bill of lading"
    INVOICE = "invoice", "Invoice, contract or proof of payment"
    PURCHASE_ORDER = "purchase_order", "Purchase order"
    TRANSLATION = "translation", "English translation"
    INVESTIGATION_EVIDENCE = "investigation_evidence", "Investigation evidence (agency only)"
    NOTICE = "notice", "Notice issued by the agency"
    STATISTICAL_REPORT = "statistical_report", "Statistical report issued by the agency"
    OTHER = "other", "Other"


# Never shown to an importer, whatever the file's other flags say: the agency's own working evidence.
STAFF_ONLY_CATEGORIES = frozenset({Category.INVESTIGATION_EVIDENCE})
# Categories only the agency files (an importer cannot upload a "notice" or investigation evidence).
AGENCY_CATEGORIES = frozenset({Category.INVESTIGATION_EVIDENCE, Category.NOTICE, Category.STATISTICAL_REPORT})


class ScanStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the malware scan"
    CLEAN = "clean", "No malware found"
    INFECTED = "infected", "Malware found: quarantined"
    ERROR = "error", "Scan failed"


# The case objects a file may belong to: field name on EvidenceFile -> model label.
TARGET_FIELDS = {
    "investigation": "cases.Investigation",
    "detention": "cases.Detention",
    "submission": "cases.AdmissibilitySubmission",
    "rfi": "cases.RequestForInformation",
    "wro": "cases.WithholdReleaseOrder",
    "finding": "cases.Finding",
    # The annual report to Congress (19 U.S.C. 4453): its PDF and CSV bundle, generated, staff only.
    "annual_report": "cases.AnnualReport",
    # The documents with a petition for relief or offer in compromise after a seizure (19 CFR 171.1(c)).
    "seizure_petition": "cases.SeizurePetition",
    # The documents with a claim and cost bond after a seizure (19 U.S.C. 1608): the claim is a state of the
    # seizure record, so its documents belong to the seizure as its claim's papers.
    "seizure_claim": "cases.Seizure",
}


def _exactly_one_target() -> Q:
    condition = Q()
    for chosen in TARGET_FIELDS:
        branch = Q(**{f"{chosen}__isnull": False})
        for other in TARGET_FIELDS:
            if other != chosen:
                branch &= Q(**{f"{other}__isnull": True})
        condition |= branch
    return condition


class EvidenceFile(models.Model):
    investigation = models.ForeignKey(
        "cases.Investigation", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    detention = models.ForeignKey(
        "cases.Detention", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    submission = models.ForeignKey(
        "cases.AdmissibilitySubmission", null=True, blank=True, on_delete=models.PROTECT,
        related_name="evidence_files",
    )
    rfi = models.ForeignKey(
        "cases.RequestForInformation", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    wro = models.ForeignKey(
        "cases.WithholdReleaseOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    finding = models.ForeignKey(
        "cases.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    annual_report = models.ForeignKey(
        "cases.AnnualReport", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    seizure_petition = models.ForeignKey(
        "cases.SeizurePetition", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_files"
    )
    seizure_claim = models.ForeignKey(
        "cases.Seizure", null=True, blank=True, on_delete=models.PROTECT, related_name="claim_files"
    )
    category = models.CharField(max_length=40, choices=Category.choices)
    original_filename = models.CharField(
        max_length=255, help_text="The name the uploader's computer gave the file; metadata only, never a path."
    )
    storage_key = models.CharField(
        max_length=200, help_text="Where the bytes are, derived from their SHA-256 by the server."
    )
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=100, help_text="Detected from the bytes, not from the name.")
    scan_status = models.CharField(max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING)
    scan_detail = models.TextField(blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker holds the scan; a claim older than the lease may be taken over (worker died).
    scan_claimed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        help_text="The earlier version this file corrects.",
    )
    sealed = models.BooleanField(default=False, help_text="Only supervisors may open a sealed file.")
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField(null=True, blank=True)
    visible_to_importer = models.BooleanField(
        default=False, help_text="An agency file shared with the importer of the case."
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            # The sweep that re-enqueues scans lost with the broker reads only pending rows.
            models.Index(fields=["uploaded_at"], condition=Q(scan_status="pending"), name="evidence_pending_scan"),
        ]
        constraints = [
            models.CheckConstraint(name="evidence_belongs_to_one_case_object", condition=_exactly_one_target()),
            models.CheckConstraint(
                name="evidence_scan_status_valid", condition=Q(scan_status__in=ScanStatus.values)
            ),
            models.CheckConstraint(name="evidence_sha256_is_hex", condition=Q(sha256__regex=r"^[0-9a-f]{64}$")),
            models.CheckConstraint(name="evidence_not_empty", condition=Q(size__gt=0)),
            models.CheckConstraint(
                name="evidence_sealed_has_sealer",
                condition=Q(sealed=False) | (Q(sealed_by__isnull=False) & Q(sealed_at__isnull=False)),
            ),
            # Versions form a line, not a tree: two corrections of the same file would leave it unclear
            # which one is current.
            models.UniqueConstraint(fields=["replaces"], name="evidence_one_correction_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_category_display()})"

    @property
    def target(self):
        for name in TARGET_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def target_type(self) -> str:
        return next((name for name in TARGET_FIELDS if getattr(self, f"{name}_id") is not None), "")

    @property
    def case_detention(self):
        """The detention a file's case object belongs to, for notifications and the case timeline."""
        target = self.target
        if self.detention_id:
            return target
        if self.submission_id or self.rfi_id:
            return target.detention
        if self.seizure_petition_id:
            return target.seizure.detention
        if self.seizure_claim_id:
            return target.detention
        return None

    @property
    def is_servable(self) -> bool:
        return self.scan_status == ScanStatus.CLEAN


class CustodyAction(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    GENERATED = "generated", "Generated by the system"
    SCANNED = "scanned", "Scanned"
    VIEWED = "viewed", "Viewed"
    DOWNLOADED = "downloaded", "Downloaded"
    SHARED_WITH_IMPORTER = "shared_with_importer", "Shared with the importer"
    SEALED = "sealed", "Sealed"
    UNSEALED = "unsealed", "Unsealed"
    RE_VERIFIED = "re_verified", "Re-verified"
    QUARANTINED = "quarantined", "Quarantined"


class AppendOnlyQuerySet(models.QuerySet):
    """The custody log is evidence in itself: rows are added, never changed or removed."""

    def update(self, **kwargs):
        raise PermissionError("Custody events are append-only.")

    def delete(self):
        raise PermissionError("Custody events are append-only.")


class CustodyEvent(models.Model):
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="custody_events")
    action = models.CharField(max_length=30, choices=CustodyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Empty when the system acted (the scanner, the weekly re-verification).",
    )
    actor_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)
    detail = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Custody events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Custody events are append-only.")
