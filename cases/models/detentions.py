"""Detentions under 19 U.S.C. 1499(c): one per detained entry, held under exactly one legal basis."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Basis(models.TextChoices):
    WRO = "wro", "Withhold Release Order"
    FINDING = "finding", "Finding"
    CAATSA = "caatsa", "CAATSA sec. 321(b) presumption (North Korean labor)"
    UFLPA = "uflpa", "UFLPA presumption (Xinjiang / Entity List)"


class DetentionStatus(models.TextChoices):
    DETAINED = "detained", "Detained"
    NOTICE_ISSUED = "notice_issued", "Notice issued"
    SUBMISSION_RECEIVED = "submission_received", "Submission received"
    UNDER_REVIEW = "under_review", "Under review"
    # A request for information is open: the case waits for the importer (domain.md section 4).
    AWAITING_IMPORTER = "awaiting_importer", "Awaiting the importer"
    RELEASED = "released", "Released"
    EXCLUDED = "excluded", "Excluded"
    DEEMED_EXCLUDED = "deemed_excluded", "Deemed excluded"
    SEIZED = "seized", "Seized"
    EXPORTED = "exported", "Exported"
    ABANDONED = "abandoned", "Abandoned"
    FORFEITED = "forfeited", "Forfeited"


# A deemed exclusion (19 U.S.C. 1499(c)(5)(A)) opens the protest right and ends nothing else: the case
# stays open until the agency decides it.
OPEN_DETENTION_STATUSES = (
    DetentionStatus.DETAINED,
    DetentionStatus.NOTICE_ISSUED,
    DetentionStatus.SUBMISSION_RECEIVED,
    DetentionStatus.UNDER_REVIEW,
    DetentionStatus.AWAITING_IMPORTER,
    DetentionStatus.DEEMED_EXCLUDED,
)


class Detention(models.Model):
    shipment = models.OneToOneField("cases.Shipment", on_delete=models.PROTECT, related_name="detention")
    basis = models.CharField(max_length=10, choices=Basis.choices)
    wro = models.ForeignKey(
        "cases.WithholdReleaseOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="detentions"
    )
    finding = models.ForeignKey(
        "cases.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="detentions"
    )
    status = models.CharField(max_length=25, choices=DetentionStatus.choices, default=DetentionStatus.DETAINED)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="detentions"
    )
    port_code = models.CharField(max_length=4, db_index=True)
    # Event dates. presented_on is the shipment's presentation date when detained, kept here so the
    # database itself refuses a detention dated before presentation.
    presented_on = models.DateField()
    detained_on = models.DateField()
    detention_deemed = models.BooleanField(
        default=False, help_text="Not released within 5 business days of presentation: 1499(c)(1)."
    )
    notice_issued_on = models.DateField(null=True, blank=True)
    review_started_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    exclusion_advised_on = models.DateField(null=True, blank=True)
    deemed_excluded_on = models.DateField(
        null=True, blank=True,
        help_text="No final admissibility decision within 30 days of presentation: excluded for the purposes of "
                  "protest from this day (19 U.S.C. 1499(c)(5)(A)).",
    )
    exported_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # The notice of detention, 19 U.S.C. 1499(c)(2)(A)-(E).
    notice_reason = models.TextField(blank=True)
    notice_anticipated_length = models.CharField(max_length=300, blank=True)
    notice_tests_or_inquiries = models.TextField(blank=True)
    notice_information_requested = models.TextField(blank=True)
    # What the notice says is held and whom to contact (19 CFR 151.16(c)), and whether it was timely.
    notice_lines_held = models.CharField(max_length=200, blank=True, help_text="Entry lines held, e.g. 001, 003.")
    notice_quantity_held = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    notice_contact_phone = models.CharField(max_length=30, blank=True)
    notice_contact_email = models.EmailField(blank=True)
    notice_due_on = models.DateField(null=True, blank=True, help_text="Last day of the detention_notice clock.")
    notice_late = models.BooleanField(default=False, help_text="Issued after the 5 business days of 1499(c)(2).")
    # Incremented by every service that changes the detention: a form posted with an older version is
    # stale (someone acted meanwhile) and is refused rather than applied.
    version = models.PositiveIntegerField(default=1)
    # A partial detention names the entry lines it holds; none named means the whole entry is held.
    held_lines = models.ManyToManyField("cases.EntryLine", blank=True, related_name="detentions")
    # The earliest open clock of the detention (kind and due date), kept by cases/services/deadlines.py
    # whenever a clock opens, closes, lapses or moves, so queues sort and filter by an indexed column
    # instead of a subquery per row. `manage.py check_next_clocks` recomputes it and reports drift.
    next_clock_kind = models.CharField(max_length=40, blank=True, default="")
    next_clock_due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["detained_on", "id"]
        indexes = [
            models.Index(fields=["status", "port_code"]),
            models.Index(fields=["assigned_officer", "status"]),
            # The queue orderings over open work (next clock due, longest waiting), whole and per officer/port.
            models.Index(fields=["next_clock_due", "id"], condition=Q(status__in=OPEN_DETENTION_STATUSES),
                         name="detention_open_next_due"),
            models.Index(fields=["presented_on", "id"], condition=Q(status__in=OPEN_DETENTION_STATUSES),
                         name="detention_open_presented"),
            models.Index(fields=["assigned_officer", "next_clock_due", "id"],
                         condition=Q(status__in=OPEN_DETENTION_STATUSES), name="detention_open_officer_due"),
            models.Index(fields=["port_code", "next_clock_due", "id"],
                         condition=Q(status__in=OPEN_DETENTION_STATUSES), name="detention_open_port_due"),
            # The search's default order (newest detention first, read backwards) and the portal's closed
            # cases (latest closed first): the first page is an index range read, not a sort of every match.
            models.Index(fields=["detained_on", "id"], name="detention_detained"),
            # An order's page lists the detentions held under it, newest first, a page at a time.
            models.Index(fields=["wro", "detained_on", "id"], name="detention_wro_detained"),
            models.Index(fields=["finding", "detained_on", "id"], name="detention_finding_detained"),
            models.Index(fields=["closed_on", "id"], condition=~Q(status__in=OPEN_DETENTION_STATUSES),
                         name="detention_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                name="detention_basis_names_its_order",
                condition=(Q(basis="wro") & Q(wro__isnull=False) & Q(finding__isnull=True))
                | (Q(basis="finding") & Q(finding__isnull=False) & Q(wro__isnull=True))
                | (Q(basis__in=["caatsa", "uflpa"]) & Q(wro__isnull=True) & Q(finding__isnull=True)),
            ),
            models.CheckConstraint(
                name="detention_basis_valid", condition=Q(basis__in=["wro", "finding", "caatsa", "uflpa"])
            ),
            models.CheckConstraint(name="detained_after_presentation", condition=Q(detained_on__gte=F("presented_on"))),
            models.CheckConstraint(
                name="notice_after_detention",
                condition=Q(notice_issued_on__isnull=True) | Q(notice_issued_on__gte=F("detained_on")),
            ),
            models.CheckConstraint(
                name="decision_after_detention",
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("detained_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Detention of entry {self.shipment.entry_number}"

    @property
    def order(self):
        return self.wro or self.finding

    @property
    def importer(self):
        return self.shipment.importer

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DETENTION_STATUSES
