"""Browser forms: they parse and label input; the services decide what is allowed and valid."""

from django import forms

from cases.models import (
    Basis,
    DetentionStatus,
    FindingStatus,
    IloIndicator,
    InvestigationStatus,
    NoteVisibility,
    Outcome,
    ReleaseGround,
    Role,
    User,
    WroStatus,
)
from cases.services.decisions import OUTCOMES_BY_BASIS
from cases.validators import validate_date_in_horizon

DATE = forms.DateInput(attrs={"type": "date"})


class SaneDateField(forms.DateField):
    """A date field refusing years before 1930 or more than a few years ahead (cases.validators)."""

    default_validators = [validate_date_in_horizon]


def _blank(choices, label="Any"):
    return [("", label), *choices]


class VersionedForm(forms.Form):
    """Every action form carries the version of the object it was built from (stale forms are refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, choices=_blank(DetentionStatus.choices))
    port = forms.RegexField(required=False, regex=r"^\d{4}$", max_length=4, label="Port code",
                            error_messages={"invalid": "A port code is 4 digits, e.g. 1001."})
    basis = forms.ChoiceField(required=False, choices=_blank(Basis.choices))
    order = forms.CharField(required=False, max_length=40, label="Order reference")
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$", max_length=2, label="Country of origin",
                               error_messages={"invalid": "Use the two-letter country code, e.g. CN."})
    hts = forms.RegexField(required=False, regex=r"^[0-9.]{2,12}$", max_length=12, label="HTS code starts with",
                           error_messages={"invalid": "Digits and dots only, e.g. 4015.19."})
    importer = forms.CharField(required=False, max_length=100, label="Importer name contains")
    officer = forms.ChoiceField(required=False, label="Assigned officer")
    detained_from = SaneDateField(required=False, widget=DATE, label="Detained from")
    detained_to = SaneDateField(required=False, widget=DATE, label="Detained to")
    presented_from = SaneDateField(required=False, widget=DATE, label="Presented from")
    presented_to = SaneDateField(required=False, widget=DATE, label="Presented to")

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Anyone"), ("none", "Nobody (unassigned)")] + [
            (str(o.pk), o.display_name) for o in officers
        ]


class SavedFilterForm(forms.Form):
    name = forms.CharField(max_length=80, label="Name for this filter")
    query_string = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)


def officer_choices():
    return User.objects.filter(role=Role.OFFICER, is_active=True).order_by("last_name", "first_name", "username")


class AssignForm(VersionedForm):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label="Officer", empty_label="Choose an officer")
    reason = forms.CharField(required=False, max_length=500, label="Reason (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_choices()


class BulkAssignForm(forms.Form):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label="Assign the selected detentions to",
                                     empty_label="Choose an officer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_choices()


class NoticeForm(VersionedForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="(B) Specific reason for the detention")
    anticipated_length = forms.CharField(max_length=300, label="(C) Anticipated length of the detention")
    tests_or_inquiries = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                         label="(D) Tests or inquiries to be made")
    information_requested = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                            label="(E) Information that, if supplied, may speed the disposition")
    # Parties and custody the notice states (19 CFR 151.16(c)); the service validates them.
    broker_name = forms.CharField(max_length=200, required=False, label="Customs broker (if known)")
    consignee_name = forms.CharField(max_length=200, required=False, label="Consignee (if known)")
    goods_location = forms.CharField(max_length=300, required=False, label="Location of the goods",
                                     help_text="Facility name and address, or FIRMS code.")
    bill_of_lading = forms.CharField(max_length=35, required=False, label="Bill of lading number")
    container_numbers = forms.CharField(
        max_length=2000, required=False, label="Container numbers",
        help_text="ISO 6346, for example CSQU3054383; separate several with commas or spaces.",
    )
    lines_held = forms.CharField(max_length=200, required=False, label="Entry lines held",
                                 help_text="For example 001, 003-005. Leave empty when the whole entry is held.")
    quantity_held = forms.DecimalField(max_digits=14, decimal_places=2, required=False, label="Quantity held",
                                       help_text="In the shipment's unit. Leave empty when all of it is held.")
    contact_phone = forms.CharField(max_length=30, required=False, label="Your telephone number",
                                    widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    contact_email = forms.CharField(max_length=254, required=False, label="Your email address",
                                    help_text="Leave empty to use your account's address.",
                                    widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))

    def clean_container_numbers(self):
        return self.cleaned_data["container_numbers"].replace(",", " ").split()

    @classmethod
    def initial_for(cls, detention) -> dict:
        shipment = detention.shipment
        return {
            "version": detention.version, "broker_name": shipment.broker_name,
            "consignee_name": shipment.consignee_name, "goods_location": shipment.goods_location,
            "bill_of_lading": shipment.bill_of_lading, "container_numbers": " ".join(shipment.container_numbers),
        }


class ProposeDecisionForm(VersionedForm):
    # No outcome is preselected: the officer chooses one, and a missing choice is refused.
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Proposed outcome",
                                error_messages={"required": "Choose the outcome you propose."})
    release_ground = forms.ChoiceField(
        choices=[("", "Choose the ground (UFLPA releases only)"), *ReleaseGround.choices[1:]], required=False,
        label="Ground of release (UFLPA)",
        help_text="An exception (sec. 3(b)) needs the Commissioner's approval and is reported to Congress within "
                  "30 days.",
    )
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons")

    def __init__(self, *args, basis=None, **kwargs):
        super().__init__(*args, **kwargs)
        if basis in OUTCOMES_BY_BASIS:
            allowed = OUTCOMES_BY_BASIS[basis]
            self.fields["outcome"].choices = [(v, label) for v, label in Outcome.choices if v in allowed]
        if basis is not None and basis != "uflpa":
            del self.fields["release_ground"]


class SendBackForm(VersionedForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason for sending it back")


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")
    visibility = forms.ChoiceField(choices=NoteVisibility.choices, initial=NoteVisibility.INTERNAL,
                                   widget=forms.RadioSelect, label="Who may read it")


class ExportElectionForm(VersionedForm):
    """The importer's election to export, told to the port in writing and recorded by an officer."""

    exported_on = forms.DateField(
        required=False, label="Date of the election (optional)", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the importer elected to export; today if left empty. It cannot be in the future.")
    confirm = forms.BooleanField(
        label="The importer elected in writing to export the goods instead of contesting (19 CFR 12.44(a)). "
              "Recording it closes the case.",
        error_messages={"required": "Tick the box to confirm the importer's written election: it closes the case."})


class RfiForm(VersionedForm):
    questions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Questions to the importer")


class OrderFilterForm(forms.Form):
    KINDS = [("wro", "Withhold Release Orders"), ("finding", "Findings")]
    kind = forms.ChoiceField(choices=KINDS, required=False, label="Kind of order")
    q = forms.CharField(required=False, max_length=100, label="Reference, entity or merchandise contains")
    status = forms.ChoiceField(required=False, label="Status")
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$", max_length=2, label="Country",
                               error_messages={"invalid": "Use the two-letter country code, e.g. CN."})
    merchandise = forms.CharField(required=False, max_length=100, label="Merchandise contains")
    entity = forms.CharField(required=False, max_length=100, label="Entity contains")
    date_from = SaneDateField(required=False, widget=DATE, label="Effective from")
    date_to = SaneDateField(required=False, widget=DATE, label="Effective to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = {"wro": WroStatus.choices, "finding": FindingStatus.choices}
        kind = (self.data.get("kind") or "wro") if self.is_bound else "wro"
        self.fields["status"].choices = _blank(statuses.get(kind, WroStatus.choices))


class WroForm(forms.Form):
    reference = forms.CharField(max_length=40, label="Reference", help_text="For example WRO-2026-0001.")
    entity = forms.ModelChoiceField(queryset=None, required=False, label="Producer named by the order",
                                    empty_label="None (region-wide order)")
    entity_name = forms.CharField(max_length=400, required=False, label="Entity or region as published",
                                  help_text="Defaults to the producer's name.")
    is_region_wide = forms.BooleanField(required=False, label="Covers a whole region or country")
    merchandise = forms.CharField(max_length=300)
    country = forms.CharField(max_length=2, label="Country (two letters)")
    hts_codes = forms.CharField(required=False, label="HTSUS headings", help_text="Separated by commas or spaces.")
    source = forms.CharField(required=False, max_length=300, label="Source")

    def __init__(self, *args, entities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities


class EffectiveDateForm(forms.Form):
    effective_date = SaneDateField(widget=DATE, label="Effective date")


class EndOrderForm(forms.Form):
    effective_date = SaneDateField(widget=DATE, label="No longer covers goods imported from")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class ModifyOrderForm(forms.Form):
    exempt_producer = forms.ModelChoiceField(queryset=None, required=False, label="Exempt producer")
    exempt_importer = forms.ModelChoiceField(queryset=None, required=False, label="Exempt importer")
    description = forms.CharField(required=False, max_length=300, label="Or describe who is exempted")
    effective_date = SaneDateField(widget=DATE, label="Effective date")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason")

    def __init__(self, *args, producers=None, importers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exempt_producer"].queryset = producers
        self.fields["exempt_importer"].queryset = importers


class PetitionForm(forms.Form):
    petitioner = forms.CharField(max_length=300, label="Petitioner")
    grounds = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Grounds",
                              help_text="Why the goods are not, or are no longer, made with forced labor.")
    full_revocation = forms.BooleanField(required=False, label="Asks to revoke the whole order")
    exempt_producer = forms.ModelChoiceField(queryset=None, required=False, label="Or exempt this producer")
    exempt_importer = forms.ModelChoiceField(queryset=None, required=False, label="Or exempt this importer")
    submitted_on = forms.DateField(widget=DATE, label="Received on")

    def __init__(self, *args, producers=None, importers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exempt_producer"].queryset = producers
        self.fields["exempt_importer"].queryset = importers


class ConvertToFindingForm(forms.Form):
    reference = forms.CharField(max_length=40, label="Finding reference")
    published_date = SaneDateField(widget=DATE, label="Date of publication")
    federal_register_citation = forms.CharField(max_length=100, label="Federal Register citation")


class InvestigationFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=_blank(InvestigationStatus.choices))
    q = forms.CharField(required=False, max_length=100, label="Reference, subject or merchandise contains")
    mine = forms.BooleanField(required=False, label="Only investigations assigned to me")


class IndicatorChecklistForm(forms.Form):
    """The 11 ILO indicators, each observed or not, with notes."""

    def __init__(self, *args, assessments=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.indicator: a for a in assessments or ()}
        for value, label in IloIndicator.choices:
            existing = current.get(value)
            self.fields[f"{value}__observed"] = forms.BooleanField(
                required=False, label=f"{label}: observed", initial=bool(existing and existing.observed))
            self.fields[f"{value}__notes"] = forms.CharField(
                required=False, label=f"{label}: notes", widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.notes if existing else "")

    def rows(self):
        return [(value, label, self[f"{value}__observed"], self[f"{value}__notes"])
                for value, label in IloIndicator.choices]


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class RecommendWroForm(forms.Form):
    reference = forms.CharField(max_length=40, label="Reference of the draft order")
    merchandise = forms.CharField(required=False, max_length=300, label="Merchandise (defaults to the investigation's)")


class InvestigationAssignForm(forms.Form):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label="Officer", empty_label="Choose an officer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_choices()
