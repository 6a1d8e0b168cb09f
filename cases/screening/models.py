"""Reference lists (UFLPA Entity List, CAATSA 321(b) entities, UFLPA high-priority sectors, the orders'
producers) kept as data with versions, and the entities on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ListKind(models.TextChoices):
    ENTITIES = "entities", "Named entities"
    SECTORS = "sectors", "HTS sectors"


class ReferenceList(models.Model):
    """One list the agency screens entries against; its entries change only through a confirmed version."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ListKind.choices, default=ListKind.ENTITIES)
    legal_basis = models.CharField(max_length=10, help_text="The detention basis a hit on this list supports.")
    source = models.TextField(blank=True, help_text="Where the list comes from, and its caveats.")
    version = models.PositiveIntegerField(default=0, help_text="Number of the last confirmed version.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    PENDING = "pending", "Uploaded, awaiting confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    DISCARDED = "discarded", "Discarded"


class ReferenceListVersion(models.Model):
    """An uploaded version of a list: parsed rows and the diff against the list in force, until confirmed."""

    reference_list = models.ForeignKey(ReferenceList, on_delete=models.PROTECT, related_name="versions")
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.PENDING)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list, help_text="The parsed rows, applied on confirmation.")
    diff = models.JSONField(default=dict, help_text="added, removed, renamed and changed entries.")
    number = models.PositiveIntegerField(null=True, blank=True, help_text="Set when confirmed.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_list", "number"], condition=Q(number__isnull=False), name="list_version_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference_list.code} upload {self.pk} ({self.status})"


class ListedEntity(models.Model):
    """An entity (or, on a sector list, an HTS sector) as the list names it, with the dates it was on it.

    ``revision`` grows whenever the entry changes (name, aliases, section, scope), which is what lifts a
    clearance given for the previous revision.
    """

    reference_list = models.ForeignKey(ReferenceList, on_delete=models.PROTECT, related_name="entities")
    key = models.CharField(max_length=500, help_text="Identity within the list across versions.")
    name = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True)
    country = models.CharField(max_length=2, blank=True)
    address = models.TextField(blank=True)
    section = models.CharField(max_length=40, blank=True, help_text="Statute section or order type.")
    hts_prefixes = models.JSONField(default=list, blank=True, help_text="HTS scope; empty means any goods.")
    source = models.CharField(max_length=300, blank=True)
    added_on = models.DateField(null=True, blank=True, help_text="Date the entry took effect on the list.")
    removed_on = models.DateField(null=True, blank=True, help_text="Date the entry left the list.")
    revision = models.PositiveIntegerField(default=1)
    wro = models.ForeignKey("cases.WithholdReleaseOrder", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    finding = models.ForeignKey("cases.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "listed entities"
        constraints = [models.UniqueConstraint(fields=["reference_list", "key"], name="listed_entity_key_once")]
        # The screening index loads the entries in force of every list.
        indexes = [models.Index(fields=["reference_list", "removed_on"], name="listed_entity_in_force")]

    def __str__(self) -> str:
        return self.name

    @property
    def order(self):
        return self.wro or self.finding


class HitStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLEARED = "cleared", "Cleared (false positive)"
    HELD = "held", "Held for examination"
    DETAINED = "detained", "Detained"


class ScreeningHit(models.Model):
    """A list or rule an entry line matched when it was screened, and what an officer decided about it."""

    line = models.ForeignKey("cases.EntryLine", on_delete=models.CASCADE, related_name="screening_hits")
    shipment = models.ForeignKey("cases.Shipment", on_delete=models.CASCADE, related_name="screening_hits")
    list_code = models.CharField(max_length=40, help_text="The list, or the rule that needs no listed name.")
    list_name = models.CharField(max_length=200)
    basis = models.CharField(max_length=10, help_text="The detention basis the hit supports.")
    listed_entity = models.ForeignKey(ListedEntity, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="hits")
    entity_name = models.CharField(max_length=500)
    entity_revision = models.PositiveIntegerField(default=0)
    # One hit per line, list, entity (or rule) and revision: re-screening the same line adds nothing.
    match_key = models.CharField(max_length=120)
    score = models.FloatField()
    matched_on = models.JSONField(default=list)
    why = models.CharField(max_length=500)
    rule_version = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=HitStatus.choices, default=HitStatus.OPEN)
    disposition_reason = models.TextField(blank=True)
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    disposed_at = models.DateTimeField(null=True, blank=True)
    detention = models.ForeignKey("cases.Detention", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="screening_hits")
    # The due date of the entry's open release-or-detain clock (19 U.S.C. 1499(c)(1)), kept by
    # cases/services/deadlines.py whenever that clock opens, moves or closes, and when hits are raised
    # (sync_hit_clocks); NULL while the entry has no open decision clock. The hits queue sorts on it.
    decide_by = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["line", "match_key"], name="screening_hit_once_per_line")]
        indexes = [
            models.Index(fields=["status", "created_at"], name="screening_hit_status"),
            # The hits queue: hits needing a decision, nearest release-or-detain date first, a page at a time.
            models.Index(fields=["decide_by", "-score", "-created_at", "id"],
                         condition=models.Q(status__in=["open", "held"]), name="screening_hit_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id} line {self.line_id}: {self.entity_name} ({self.list_code})"


class ScreeningClearance(models.Model):
    """A hit cleared as a false positive: the same manufacturer (MID) is not raised again against the same
    listed entity (or rule) until that entry changes (a new ``entity_revision``)."""

    manufacturer_id = models.CharField(max_length=15)
    subject = models.CharField(max_length=80, help_text="The list and entity (or rule) cleared.")
    entity_revision = models.PositiveIntegerField(default=0)
    reason = models.TextField()
    hit = models.ForeignKey(ScreeningHit, on_delete=models.PROTECT, related_name="+")
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["manufacturer_id", "subject", "entity_revision"],
                                               name="screening_clearance_once")]

    def __str__(self) -> str:
        return f"{self.manufacturer_id} cleared for {self.subject} r{self.entity_revision}"
