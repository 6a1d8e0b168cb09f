"""The filters of the statistics pages and API, validated once for both."""

import pycountry
from django import forms

from cases.models import Basis, Finding, ImporterOrganisation, WithholdReleaseOrder, WroStatus
from cases.statistics.figures import FISCAL_MONTHS, MONTH_NAMES, StatisticsFilter
from cases.statistics.models import Industry
from cases.validators import validate_port_code

MONTH_CHOICES = [("", "Whole year")] + [(str(m), MONTH_NAMES[m - 1]) for m in FISCAL_MONTHS]
COUNTRY_CHOICES = [("", "All countries")] + sorted(
    ((c.alpha_2, getattr(c, "common_name", None) or c.name) for c in pycountry.countries), key=lambda pair: pair[1]
)


class PublicFilterForm(forms.Form):
    fiscal_year = forms.IntegerField(
        required=False, min_value=2000, max_value=2100, label="Fiscal year",
        help_text="October to September: fiscal year 2026 runs from 1 October 2025 to 30 September 2026.",
        error_messages={"invalid": "Enter a fiscal year as four digits, for example 2026."},
    )
    month = forms.TypedChoiceField(choices=MONTH_CHOICES, required=False, coerce=int, empty_value=None)
    industry = forms.ChoiceField(choices=[("", "All industries")] + Industry.choices, required=False)
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False, label="Country of origin")
    basis = forms.ChoiceField(choices=[("", "All bases")] + Basis.choices, required=False, label="Legal basis")

    def clean(self):
        data = super().clean()
        if data.get("month") and not data.get("fiscal_year"):
            self.add_error("month", "Choose a fiscal year to look at one of its months.")
        return data

    def to_filter(self) -> StatisticsFilter:
        fields = StatisticsFilter.__dataclass_fields__
        return StatisticsFilter(**{k: v for k, v in self.cleaned_data.items() if k in fields and v not in (None, "")})


class StaffFilterForm(PublicFilterForm):
    port = forms.CharField(required=False, max_length=4, validators=[validate_port_code], label="Port code")
    order = forms.ChoiceField(required=False, label="Order (WRO or Finding)")
    importer = forms.ModelChoiceField(queryset=ImporterOrganisation.objects.order_by("name"), required=False,
                                      empty_label="All importers")

    field_order = ["fiscal_year", "month", "port", "basis", "order", "industry", "country", "importer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wros = WithholdReleaseOrder.objects.exclude(status=WroStatus.DRAFT).values_list("pk", "reference")
        findings = Finding.objects.values_list("pk", "reference")
        self.fields["order"].choices = (
            [("", "All orders")] + [(f"wro:{pk}", f"WRO {ref}") for pk, ref in wros]
            + [(f"finding:{pk}", f"Finding {ref}") for pk, ref in findings]
        )

    def to_filter(self) -> StatisticsFilter:
        data = dict(self.cleaned_data)
        data["importer"] = data["importer"].pk if data.get("importer") else None
        fields = StatisticsFilter.__dataclass_fields__
        return StatisticsFilter(**{k: v for k, v in data.items() if k in fields and v not in (None, "")})


def first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label or field.replace('_', ' ').capitalize()}: {errors[0]}" if label else errors[0]
    return "Check the filters."
