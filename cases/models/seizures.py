"""After the decision: seizure and forfeiture, the party's election, disposition of the goods, redelivery.

Each record has its own state table in cases.workflows (SEIZURE, SEIZURE_PETITION, DISPOSITION,
REDELIVERY); the detention keeps its few states (seized, forfeited, released, exported, abandoned) and
these records carry the rest. Rules and periods: docs/seizure.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class SeizureStatus(models.TextChoices):
    AWAITING_RECORD = "awaiting_record", "Seizure to be recorded"
    NOTICED = "noticed", "Notice of seizure sent"
    PETITION_PENDING = "petition_pending", "Petition pending"
    PETITION_DENIED = "petition_denied", "Petition denied"
    ADVERTISED = "advertised", "Notice of intent to forfeit published"
    CLAIM_FILED = "claim_filed", "Claim and cost bond filed"
    REFERRED = "referred", "Referred to the U.S. Attorney"
    FORFEITED = "forfeited", "Forfeited"
    REMITTED = "remitted", "Relief granted"
    RELEASED_BY_COURT = "released_by_court", "Released by the court"


class CourtOutcome(models.TextChoices):
    """The court's judgment after a referral for judicial forfeiture (19 U.S.C. 1608, 1610)."""

    DECREE = "decree", "Decree of forfeiture"
    DISMISSAL = "dismissal", "Dismissal of the forfeiture action"
    RELEASE_ORDER = "release_order", "Order releasing the goods"


OPEN_SEIZURE_STATUSES = (
    SeizureStatus.AWAITING_RECORD, SeizureStatus.NOTICED, SeizureStatus.PETITION_PENDING,
    SeizureStatus.PETITION_DENIED, SeizureStatus.ADVERTISED, SeizureStatus.CLAIM_FILED,
)


class Seizure(models.Model):
    """The seizure of goods under 19 U.S.C. 1595a(c) (19 CFR 12.44(b)) and its forfeiture proceeding."""

    detention = models.OneToOneField("cases.Detention", on_delete=models.PROTECT, related_name="seizure")
    status = models.CharField(max_length=20, choices=SeizureStatus.choices, default=SeizureStatus.AWAITING_RECORD)
    seized_on = models.DateField(null=True, blank=True)
    seizing_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goods_description = models.TextField(blank=True)
    quantity = models.CharField(max_length=100, blank=True)
    appraised_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="Appraised domestic value, U.S. dollars."
    )
    storage_location = models.CharField(max_length=200, blank=True)
    custody_receipt_number = models.CharField(max_length=40, blank=True, help_text="CBP Form 6051S practice.")
    notice_sent_on = models.DateField(null=True, blank=True, help_text="Notice of seizure mailed (19 CFR 162.31).")
    published_on = models.DateField(null=True, blank=True, help_text="First publication of the notice (162.45).")
    claim_filed_on = models.DateField(null=True, blank=True)
    claimant_statement = models.TextField(blank=True)
    cost_bond_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    referred_on = models.DateField(null=True, blank=True)
    referral_reference = models.CharField(max_length=100, blank=True)
    forfeited_on = models.DateField(null=True, blank=True)
    forfeiture_ground = models.CharField(max_length=20, blank=True,
                                         choices=[("declaration", "Declaration of forfeiture"),
                                                  ("abandonment", "Abandonment by the party"),
                                                  ("judicial_decree", "Decree of forfeiture by the court")])
    remitted_on = models.DateField(null=True, blank=True)
    # Judicial forfeiture after the referral (19 U.S.C. 1608, 1610): the court's judgment, its date and case number.
    court_outcome = models.CharField(max_length=20, blank=True, choices=CourtOutcome.choices)
    court_outcome_on = models.DateField(null=True, blank=True)
    court_case_number = models.CharField(max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(name="seizure_value_positive",
                                   condition=Q(appraised_value__isnull=True) | Q(appraised_value__gt=0)),
            models.CheckConstraint(name="seizure_notice_after_seizure",
                                   condition=Q(notice_sent_on__isnull=True) | Q(notice_sent_on__gte=F("seized_on"))),
        ]

    def __str__(self) -> str:
        return f"Seizure of entry {self.detention.shipment.entry_number}"


class ElectionKind(models.TextChoices):
    PETITION = "petition", "Petition for relief"
    OFFER = "offer", "Offer in compromise"
    SUPPLEMENTAL = "supplemental", "Supplemental petition"


class SeizurePetitionStatus(models.TextChoices):
    FILED = "filed", "Filed"
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"


class ReliefDisposition(models.TextChoices):
    """What a granted petition does with the goods; sale into U.S. commerce is never one of them."""

    RELEASE = "release", "Release to the petitioner (goods shown admissible)"
    EXPORT = "export", "Export under bond"


class SeizurePetition(models.Model):
    """A petition for relief, an offer in compromise or a supplemental petition (19 U.S.C. 1618; 19 CFR 171)."""

    seizure = models.ForeignKey(Seizure, on_delete=models.PROTECT, related_name="petitions")
    organisation = models.ForeignKey("cases.ImporterOrganisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=15, choices=ElectionKind.choices)
    status = models.CharField(max_length=10, choices=SeizurePetitionStatus.choices,
                              default=SeizurePetitionStatus.FILED)
    filed_on = models.DateField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField()
    offer_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # Four eyes: a proposal, approved or sent back by a different supervisor.
    proposed_outcome = models.CharField(max_length=10, blank=True,
                                        choices=[("grant", "Grant"), ("deny", "Deny")])
    proposed_disposition = models.CharField(max_length=10, blank=True, choices=ReliefDisposition.choices)
    proposed_conditions = models.TextField(blank=True)
    proposed_payment = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    proposed_reasons = models.TextField(blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_on = models.DateField(null=True, blank=True)
    send_back_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(name="petition_offer_positive",
                                   condition=Q(offer_amount__isnull=True) | Q(offer_amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.filed_on:%Y-%m-%d}"


class DispositionMethod(models.TextChoices):
    DESTRUCTION = "destruction", "Destruction"
    EXPORT = "export", "Export under bond"
    RELEASE = "release", "Release"


class DispositionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    EXPORTED = "exported", "Exported, proof awaited"
    EXPORT_PROVEN = "export_proven", "Exportation proven"
    DESTROYED = "destroyed", "Destroyed"
    RELEASED = "released", "Released"


OPEN_DISPOSITION_STATUSES = (DispositionStatus.PENDING, DispositionStatus.EXPORTED)


class GoodsDisposition(models.Model):
    """What becomes of the goods: destroyed under witness, exported with proof, or released."""

    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="dispositions")
    method = models.CharField(max_length=15, choices=DispositionMethod.choices)
    status = models.CharField(max_length=15, choices=DispositionStatus.choices, default=DispositionStatus.PENDING)
    ordered_on = models.DateField(help_text="The election, abandonment, forfeiture or decision that calls for it.")
    reason = models.TextField()
    destroyed_on = models.DateField(null=True, blank=True)
    destruction_method = models.CharField(max_length=200, blank=True)
    witness_name = models.CharField(max_length=200, blank=True)
    witness_title = models.CharField(max_length=200, blank=True)
    exported_on = models.DateField(null=True, blank=True)
    inbond_number = models.CharField(max_length=30, blank=True)
    port_of_exit = models.CharField(max_length=4, blank=True)
    proof_on = models.DateField(null=True, blank=True)
    proof_reference = models.CharField(max_length=100, blank=True)
    released_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ordered_on", "id"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(name="export_not_before_order",
                                   condition=Q(exported_on__isnull=True) | Q(exported_on__gte=F("ordered_on"))),
            models.CheckConstraint(name="proof_not_before_export",
                                   condition=Q(proof_on__isnull=True) | Q(proof_on__gte=F("exported_on"))),
            models.CheckConstraint(name="destruction_has_witness",
                                   condition=Q(destroyed_on__isnull=True) | ~Q(witness_name="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} of entry {self.detention.shipment.entry_number}"


class RedeliveryStatus(models.TextChoices):
    DEMANDED = "demanded", "Redelivery demanded"
    REDELIVERED = "redelivered", "Redelivered"
    NOT_REDELIVERED = "not_redelivered", "Not redelivered"
    DAMAGES_CLAIMED = "damages_claimed", "Liquidated damages claimed"
    CANCELLED = "cancelled", "Demand cancelled: protest allowed"


class Redelivery(models.Model):
    """A demand to return released goods to customs custody (19 CFR 141.113; CBP Form 4647 practice)."""

    detention = models.ForeignKey("cases.Detention", on_delete=models.PROTECT, related_name="redeliveries")
    status = models.CharField(max_length=20, choices=RedeliveryStatus.choices, default=RedeliveryStatus.DEMANDED)
    demanded_on = models.DateField()
    demanded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    bond_number = models.CharField(max_length=40)
    goods_value = models.DecimalField(max_digits=14, decimal_places=2)
    redelivered_on = models.DateField(null=True, blank=True)
    not_redelivered_on = models.DateField(null=True, blank=True)
    damages_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    damages_claimed_on = models.DateField(null=True, blank=True)
    # An allowed protest (19 U.S.C. 1514(a)(4)) cancels the demand, and any claim on it: kept, marked cancelled.
    cancelled_on = models.DateField(null=True, blank=True)
    damages_cancelled_on = models.DateField(null=True, blank=True)
    # Goods already redelivered when the protest of the demand was allowed go back to the importer: the day
    # the allowed protest released them again (the detention never left `released`; this record carries it).
    goods_released_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demanded_on", "id"]
        constraints = [
            models.CheckConstraint(name="redelivery_value_positive", condition=Q(goods_value__gt=0)),
            models.CheckConstraint(name="redelivery_damages_positive",
                                   condition=Q(damages_amount__isnull=True) | Q(damages_amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"Redelivery demand of {self.demanded_on:%Y-%m-%d}"
