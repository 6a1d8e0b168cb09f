"""Forms of the screening pages: a list upload and a dry-run check (the dispositions of a hit are declared acts,
cases.actions)."""

from django import forms


class ListUploadForm(forms.Form):
    file = forms.FileField(label="New version of the list (CSV)",
                           help_text="Columns: name, aliases (separated by |), country, address, list_section, "
                                     "added_on, source; the DHS table's headings are read too.")


class ScreeningCheckForm(forms.Form):
    manufacturer_name = forms.CharField(required=False, max_length=500, label="Manufacturer name")
    manufacturer_address = forms.CharField(required=False, max_length=1000, label="Manufacturer address")
    country = forms.CharField(required=False, max_length=2, label="Country of origin (ISO code)")
    hts = forms.CharField(required=False, max_length=12, label="HTSUS number (NNNN.NN.NNNN)")
