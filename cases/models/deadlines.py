"""Statutory and practice clocks as rows (kind, due date, citation, state), and administrator closures.

Rows are computed by cases.clocks when the triggering event is recorded and recomputed when an input
date changes; a sweep reads them by indexed dates, so its cost follows the rows due, not all rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cases.clocks import DeadlineKind, Party


class DeadlineState(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    LAPSED = "lapsed", "Lapsed"
    CANCELLED = "cancelled", "No longer applies"


class Deadline(models.Model):
    kind = models.CharField(max_length=40, choices=[(k.value, k.value) for k in DeadlineKind])
    party = models.CharField(max_length=10, choices=[(p.value, p.value) for p in Party])
    # The object whose clock this is; exactly one is set (shipment for the detention decision before a
    # detention exists, investigation for the allegation transmittal, otherwise the detention).
    shipment = models.ForeignKey(
        "cases.Shipment", null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    detention = models.ForeignKey(
        "cases.Detention", null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    investigation = models.ForeignKey(
        "cases.Investigation", null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    rfi = models.ForeignKey(
        "cases.RequestForInformation", null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    protest = models.ForeignKey(
        "cases.Protest", null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    starts_on = models.DateField(help_text="The triggering event's date; the period starts the day after.")
    due_date = models.DateField(help_text="The last day the act is timely.")
    computed_due_date = models.DateField(help_text="The due date before any extension.")
    citation = models.CharField(max_length=100)
    state = models.CharField(max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    # The next business day a reminder is due (5 and 1 business days before due_date), kept as a
    # date so the sweep reads one indexed column instead of computing per row.
    next_reminder_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # For the deadline sweep: open rows by due date, and open rows by reminder date. The id after the
            # due date gives the All clocks page its order (due date, then id) straight from the index.
            models.Index(fields=["due_date", "id"], condition=Q(state="open"), name="deadline_open_due"),
            models.Index(fields=["next_reminder_on"], condition=Q(state="open"), name="deadline_open_reminder"),
            models.Index(fields=["detention", "state"]),
            # The deadline list's ordering (API, cursor or page): a page is an index range read, not a sort.
            models.Index(fields=["due_date", "id"], name="deadline_due_id"),
            # The "Pending release or detain" tab: open 1499(c)(1) clocks nearest first, a page at a time.
            models.Index(fields=["due_date", "id"], condition=Q(state="open", kind="detention_decision"),
                         name="deadline_pending_decision"),
        ]
        constraints = [
            models.CheckConstraint(name="deadline_due_not_before_start", condition=Q(due_date__gte=F("starts_on"))),
            models.CheckConstraint(
                name="deadline_names_one_subject",
                condition=(
                    Q(shipment__isnull=False, detention__isnull=True, investigation__isnull=True)
                    | Q(shipment__isnull=True, detention__isnull=False, investigation__isnull=True)
                    | Q(shipment__isnull=True, detention__isnull=True, investigation__isnull=False)
                ),
            ),
            # One live clock of each kind per subject; an RFI or a protest has its own.
            models.UniqueConstraint(
                fields=["detention", "kind"],
                condition=Q(state="open", detention__isnull=False, rfi__isnull=True, protest__isnull=True),
                name="one_open_clock_per_detention_kind",
            ),
            models.UniqueConstraint(
                fields=["shipment", "kind"], condition=Q(state="open", shipment__isnull=False),
                name="one_open_clock_per_shipment_kind",
            ),
            models.UniqueConstraint(
                fields=["investigation", "kind"], condition=Q(state="open", investigation__isnull=False),
                name="one_open_clock_per_investigation_kind",
            ),
            models.UniqueConstraint(
                fields=["rfi", "kind"], condition=Q(state="open", rfi__isnull=False), name="one_open_clock_per_rfi"
            ),
            models.UniqueConstraint(
                fields=["protest", "kind"], condition=Q(state="open", protest__isnull=False),
                name="one_open_clock_per_protest_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_date:%Y-%m-%d}"


class Closure(models.Model):
    """A day federal offices were closed that the holiday tables do not know (entered by an administrator).

    It closes the ports named, or every port when none is named (an executive order closing all offices).
    """

    date = models.DateField(db_index=True)
    reason = models.CharField(max_length=200)
    ports = models.ManyToManyField(
        "cases.Port", blank=True, related_name="closures",
        help_text="The ports closed that day; leave empty when every port was closed.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.reason}"
