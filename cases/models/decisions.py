"""Admissibility decisions (four eyes: proposed by one officer, approved by a supervisor) and protests."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Outcome(models.TextChoices):
    RELEASE = "release", "Release"
    EXCLUDE = "exclude", "Exclude"
    SEIZE = "seize", "Seize"


class ReleaseGround(models.TextChoices):
    """Why goods held under the UFLPA presumption are released: two routes with different consequences."""

    NONE = "", "Not applicable"
    NOT_SUBJECT = "not_subject", "Not subject to UFLPA (applicability review)"
    EXCEPTION = "exception", "Exception to the presumption granted (UFLPA sec. 3(b))"


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, awaiting approval"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"


class Decision(models.Model):
    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    release_ground = models.CharField(
        max_length=15, blank=True, choices=ReleaseGround.choices, default=ReleaseGround.NONE,
        help_text="UFLPA releases only: applicability review or an exception (which opens the report to Congress).",
    )
    reasons = models.TextField()
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    send_back_reason = models.TextField(blank=True)
    # A seizure of excluded goods under a Finding published later names the Finding it rests on (19 CFR 12.42(f),
    # 12.44(b)): several may cover the goods, and the approval checks that this one still does.
    finding = models.ForeignKey(
        "cases.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="seizure_decisions",
        help_text="Seizure of excluded goods only: the Finding in force that covers them.",
    )

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            # Four eyes, held by the database too: the proposer can never be the approver.
            models.CheckConstraint(
                name="decision_not_reviewed_by_proposer",
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("proposed_by")),
            ),
            models.UniqueConstraint(
                fields=["detention"], condition=Q(status="proposed"), name="one_pending_decision_per_detention"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.get_status_display()})"


class ProtestStatus(models.TextChoices):
    FILED = "filed", "Filed, awaiting decision"
    ALLOWED = "allowed", "Allowed"
    PARTIALLY_ALLOWED = "partially_allowed", "Allowed in part"
    DENIED = "denied", "Denied"
    DEEMED_DENIED = "deemed_denied", "Deemed denied"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # The agency decided the case after a deemed exclusion; the protest of that exclusion is moot.
    OVERTAKEN = "overtaken", "Closed: overtaken by the agency's decision"


DECIDED_PROTEST_STATUSES = (ProtestStatus.ALLOWED, ProtestStatus.PARTIALLY_ALLOWED, ProtestStatus.DENIED,
                            ProtestStatus.DEEMED_DENIED)


class ProtestedDecision(models.TextChoices):
    EXCLUSION = "exclusion", "Exclusion"
    DEEMED_EXCLUSION = "deemed_exclusion", "Deemed exclusion (19 U.S.C. 1499(c)(5)(A))"
    REDELIVERY_DEMAND = "redelivery_demand", "Demand for redelivery (19 CFR 141.113)"


class ProtestOutcome(models.TextChoices):
    ALLOW = "allow", "Allow"
    PARTIALLY_ALLOW = "partially_allow", "Allow in part"
    DENY = "deny", "Deny"


class Protest(models.Model):
    """CBP Form 19 against an exclusion (19 U.S.C. 1514), with the contents of 19 CFR 174.13."""

    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="protests")
    organisation = models.ForeignKey("cases.ImporterOrganisation", on_delete=models.PROTECT, related_name="protests")
    status = models.CharField(max_length=20, choices=ProtestStatus.choices, default=ProtestStatus.FILED)
    protested_decision = models.CharField(max_length=20, choices=ProtestedDecision.choices,
                                          default=ProtestedDecision.EXCLUSION)
    # The demand for redelivery protested (19 U.S.C. 1514(a)(4)); empty for a protest of an exclusion.
    redelivery = models.ForeignKey("cases.Redelivery", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="protests")
    filed_on = models.DateField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    protestant_name = models.CharField(max_length=300)
    protestant_address = models.TextField()
    importer_number = models.CharField(max_length=20)
    entry_number = models.CharField(max_length=13)
    entry_date = models.DateField()
    decision_date = models.DateField()
    merchandise = models.TextField()
    objections = models.TextField(help_text="Each decision protested and the reasons for the objection.")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    # Four eyes (domain.md section 4): an officer proposes the outcome, a different supervisor approves it.
    proposed_outcome = models.CharField(max_length=20, choices=ProtestOutcome.choices, blank=True)
    proposed_release_ground = models.CharField(
        max_length=15, blank=True, choices=ReleaseGround.choices, default=ReleaseGround.NONE,
        help_text="UFLPA protests allowed in whole: applicability review or an exception (reported to Congress).",
    )
    proposed_reasons = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(null=True, blank=True)
    send_back_reason = models.TextField(blank=True)
    # 19 U.S.C. 1514(c)(1); 19 CFR 174.14: amendment before the decision and within the protest window.
    amended_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # 19 U.S.C. 1515(a); 19 CFR 174.23-174.27: review by an officer who did not take part in the decision.
    further_review_requested_on = models.DateField(null=True, blank=True)
    further_review_statement = models.TextField(blank=True)
    # 19 U.S.C. 1515(b); 19 CFR 174.22: the date the request for accelerated disposition was mailed.
    accelerated_requested_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filed_on"]
        constraints = [
            models.CheckConstraint(name="protest_filed_after_decision", condition=Q(filed_on__gte=F("decision_date"))),
            models.CheckConstraint(
                name="protest_decided_after_filing",
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
            ),
            models.UniqueConstraint(
                fields=["detention"], condition=Q(status="filed"), name="one_pending_protest_per_detention"
            ),
            # Four eyes, held by the database too: whoever proposed the outcome never approves it.
            models.CheckConstraint(
                name="protest_not_decided_by_proposer",
                condition=Q(decided_by__isnull=True) | Q(proposed_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"Protest of entry {self.entry_number} ({self.get_status_display()})"
