"""Shipments (entries) presented to the port, the facts every clock and order match starts from."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cases.validators import (
    validate_bill_of_lading,
    validate_container_numbers,
    validate_country_code,
    validate_currency,
    validate_entry_number,
    validate_hts_code,
    validate_hts_codes,
    validate_manufacturer_id,
    validate_port_code,
)


class ReleaseStatus(models.TextChoices):
    PENDING = "pending", "Presented, decision pending"
    RELEASED = "released", "Released"
    DETAINED = "detained", "Detained"


class EntryType(models.TextChoices):
    # CBP Form 7501 block 2, the entry types this program meets most.
    CONSUMPTION = "01", "01 Consumption, free and dutiable"
    CONSUMPTION_QUOTA = "02", "02 Consumption, quota or visa"
    CONSUMPTION_AD_CVD = "03", "03 Consumption, antidumping or countervailing duty"
    INFORMAL = "11", "11 Informal"
    WAREHOUSE = "21", "21 Warehouse"
    TEMPORARY_BOND = "23", "23 Temporary importation bond"
    FTZ_CONSUMPTION = "06", "06 Consumption, foreign trade zone"
    TYPE_86 = "86", "86 Section 321 low-value (Type 86)"


class Shipment(models.Model):
    """An entry. Its own columns are the entry's header; the goods are its lines (`EntryLine`).

    country_of_origin, hts_codes, description, quantity, quantity_unit, value, currency and producer
    are kept as a summary of the lines (written by cases/services/intake.py from them), so everything that
    reads an entry's goods as a whole keeps working; see docs/intake.md.
    """

    entry_number = models.CharField(max_length=13, unique=True, validators=[validate_entry_number])
    entry_type = models.CharField(max_length=2, choices=EntryType.choices, default=EntryType.CONSUMPTION)
    importer = models.ForeignKey("cases.ImporterOrganisation", on_delete=models.PROTECT, related_name="shipments")
    producer = models.ForeignKey(
        "cases.ForeignEntity", null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    country_of_origin = models.CharField(max_length=2, validators=[validate_country_code])
    hts_codes = models.JSONField(validators=[validate_hts_codes])
    description = models.TextField()
    quantity = models.DecimalField(max_digits=14, decimal_places=2)
    quantity_unit = models.CharField(max_length=20, default="units")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    port_code = models.CharField(max_length=4, validators=[validate_port_code])
    importation_date = models.DateField()
    presentation_date = models.DateField(
        null=True, blank=True, help_text="Presented for examination (viewable, not just the container)."
    )
    # The legal basis the goods were held for examination under, when known at presentation: if no
    # decision is made within 5 business days the system records the deemed detention under it.
    exam_basis = models.CharField(
        max_length=10, blank=True, choices=[
            ("wro", "Withhold Release Order"), ("finding", "Finding"),
            ("caatsa", "CAATSA sec. 321(b) presumption (North Korean labor)"),
            ("uflpa", "UFLPA presumption (Xinjiang / Entity List)"),
        ],
        help_text="Held for examination under this basis (optional).",
    )
    exam_wro = models.ForeignKey(
        "cases.WithholdReleaseOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exam_finding = models.ForeignKey("cases.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Parties and custody, as the notice of detention states them (19 CFR 151.16(c)); where known.
    broker_name = models.CharField(max_length=200, blank=True, help_text="Customs broker who filed the entry.")
    consignee_name = models.CharField(max_length=200, blank=True, help_text="Ultimate consignee, if not the importer.")
    goods_location = models.CharField(
        max_length=300, blank=True, help_text="Where the goods are held: facility name and address, or FIRMS code."
    )
    bill_of_lading = models.CharField(max_length=35, blank=True, validators=[validate_bill_of_lading])
    container_numbers = models.JSONField(default=list, blank=True, validators=[validate_container_numbers])
    release_status = models.CharField(max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.PENDING)
    released_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-importation_date", "entry_number"]
        indexes = [
            models.Index(fields=["importer", "importation_date"]), models.Index(fields=["port_code"]),
            # The queue's country filter: a rare country is read from here, not by walking every open case.
            models.Index(fields=["country_of_origin"], name="shipment_country"),
        ]
        constraints = [
            models.CheckConstraint(name="shipment_value_positive", condition=Q(value__gt=0)),
            models.CheckConstraint(name="shipment_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(
                name="shipment_exam_basis_names_its_order",
                condition=(Q(exam_basis="") & Q(exam_wro__isnull=True) & Q(exam_finding__isnull=True))
                | (Q(exam_basis="wro") & Q(exam_wro__isnull=False) & Q(exam_finding__isnull=True))
                | (Q(exam_basis="finding") & Q(exam_finding__isnull=False) & Q(exam_wro__isnull=True))
                | (Q(exam_basis__in=["caatsa", "uflpa"]) & Q(exam_wro__isnull=True) & Q(exam_finding__isnull=True)),
            ),
            models.CheckConstraint(
                name="shipment_presented_after_importation",
                condition=Q(presentation_date__isnull=True) | Q(presentation_date__gte=F("importation_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.entry_number

    @property
    def filer_code(self) -> str:
        """The 3-character filer code: the first part of the entry number."""
        return (self.entry_number or "")[:3]


class EntryLine(models.Model):
    """One line of an entry (CBP Form 7501 columns 27-33): goods, origin and the manufacturer as declared."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField()
    hts_code = models.CharField(max_length=12, validators=[validate_hts_code], help_text="NNNN.NN.NNNN")
    # Further HTSUS numbers reported on the same line (for example Chapter 99 numbers), in order.
    additional_hts_codes = models.JSONField(default=list, blank=True, validators=[validate_hts_codes])
    description = models.TextField()
    country_of_origin = models.CharField(max_length=2, validators=[validate_country_code])
    quantity = models.DecimalField(max_digits=14, decimal_places=2)
    quantity_unit = models.CharField(max_length=20, default="units")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    manufacturer_id = models.CharField(
        max_length=15, blank=True, validators=[validate_manufacturer_id], help_text="MID as declared."
    )
    manufacturer_name = models.CharField(max_length=300, blank=True)
    manufacturer_address = models.TextField(blank=True)
    # The known foreign entity the declared manufacturer is, when the agency has linked one.
    producer = models.ForeignKey(
        "cases.ForeignEntity", null=True, blank=True, on_delete=models.PROTECT, related_name="entry_lines"
    )
    # Set when the line is released while other lines of the entry stay detained (partial detention).
    released_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipment_id", "line_number"]
        indexes = [models.Index(fields=["manufacturer_id"]), models.Index(fields=["country_of_origin", "hts_code"])]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "line_number"], name="entry_line_number_unique"),
            models.CheckConstraint(name="entry_line_number_positive", condition=Q(line_number__gte=1)),
            models.CheckConstraint(name="entry_line_value_positive", condition=Q(value__gt=0)),
            models.CheckConstraint(name="entry_line_quantity_positive", condition=Q(quantity__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.shipment.entry_number} line {self.line_number:03d}"
