"""Forms of the screening pages: the three dispositions, a list upload and a dry-run check."""

from django import forms

from cases.models import Finding, WithholdReleaseOrder
from cases.screening.services import prefilled_order
from cases.services.shipments import BASES

BASIS_CHOICES = [("wro", "Withhold Release Order"), ("finding", "Finding"),
                 ("caatsa", "CAATSA sec. 321(b) presumption (North Korean labor)"),
                 ("uflpa", "UFLPA presumption (Xinjiang / Entity List)")]


class ClearHitForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             label="Why this is not the listed entity",
                             help_text="For example: a different address, MID or line of business.")


class HoldHitForm(forms.Form):
    presentation_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                                        label="Presented for examination on",
                                        help_text="Starts the 5-business-day release-or-detain clock.")
    reason = forms.CharField(required=False, max_length=2000, label="Note (optional)",
                             widget=forms.Textarea(attrs={"rows": 2}))


class DetainFromHitForm(forms.Form):
    basis = forms.ChoiceField(choices=BASIS_CHOICES, label="Legal basis")
    wro = forms.ModelChoiceField(queryset=WithholdReleaseOrder.objects.none(), required=False, label="WRO")
    finding = forms.ModelChoiceField(queryset=Finding.objects.none(), required=False, label="Finding")
    presentation_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                        label="Presented for examination on",
                                        help_text="Needed only if the presentation is not recorded yet.")
    this_line_only = forms.BooleanField(required=False, label="Hold only this line (partial detention)")

    def __init__(self, *args, hit=None, **kwargs):
        if hit is not None and not args and "initial" not in kwargs:
            basis, wro, finding = prefilled_order(hit)
            kwargs["initial"] = {"basis": basis if basis in BASES else "", "wro": wro, "finding": finding}
        super().__init__(*args, **kwargs)
        self.fields["wro"].queryset = WithholdReleaseOrder.objects.filter(status__in=["active", "partially_active"])
        self.fields["finding"].queryset = Finding.objects.filter(status__in=["published", "modified"])


class ListUploadForm(forms.Form):
    file = forms.FileField(label="New version of the list (CSV)",
                           help_text="Columns: name, aliases (separated by |), country, address, list_section, "
                                     "added_on, source; the DHS table's headings are read too.")


class ScreeningCheckForm(forms.Form):
    manufacturer_name = forms.CharField(required=False, max_length=500, label="Manufacturer name")
    manufacturer_address = forms.CharField(required=False, max_length=1000, label="Manufacturer address")
    country = forms.CharField(required=False, max_length=2, label="Country of origin (ISO code)")
    hts = forms.CharField(required=False, max_length=12, label="HTSUS number (NNNN.NN.NNNN)")
