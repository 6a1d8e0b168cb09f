"""Browser forms of the protest pages (staff and portal); the services in cases.services.protests decide."""

from django import forms


class ProtestAmendForm(forms.Form):
    objections = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="Objections as amended, with their reasons",
        help_text="The amended text replaces the grounds of the protest (19 CFR 174.14).",
        error_messages={"required": "State the objections as amended, with their reasons."})
    merchandise = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                  label="Merchandise protested (leave empty to keep it)")


class ProtestWithdrawForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500, label="Reason (optional)")
    confirm = forms.BooleanField(
        label="I withdraw the protest. Only one protest may be filed for each entry: it cannot be filed again.",
        error_messages={"required": "Tick the box to confirm that you withdraw the protest."})


class FurtherReviewForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label="Facts, arguments and the criterion for further review",
        help_text="For example: the decision is inconsistent with a ruling of the Commissioner (19 CFR 174.24).",
        error_messages={"required": "State why the protest should have further review (19 CFR 174.24)."})


class AcceleratedDispositionForm(forms.Form):
    confirm = forms.BooleanField(
        label="I request accelerated disposition of the protest (19 U.S.C. 1515(b)).",
        error_messages={"required": "Tick the box to confirm the request."})
