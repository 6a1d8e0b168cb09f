"""The filter form of the All clocks page; a filter that does not parse is reported, never silently dropped."""

from django import forms

from cases.all_clocks import GROUPS, SORTS, kind_choices
from cases.forms import DATE, SaneDateField
from cases.models import DeadlineState


class ClockFilterForm(forms.Form):
    group = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                              choices=[("", "All")] + [(k, label) for k, (label, _q) in GROUPS.items()])
    kind = forms.ChoiceField(required=False, label="Kind of clock")
    state = forms.ChoiceField(required=False, label="State",
                              choices=[("", "Open")] + [c for c in DeadlineState.choices if c[0] != "open"])
    port = forms.RegexField(required=False, regex=r"^\d{4}$", max_length=4, label="Port code",
                            error_messages={"invalid": "A port code is 4 digits, e.g. 1001."})
    officer = forms.ChoiceField(required=False, label="Officer")
    due_from = SaneDateField(required=False, widget=DATE, label="Due from")
    due_to = SaneDateField(required=False, widget=DATE, label="Due to")
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[("", "")] + [(k, k) for k in SORTS])

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind")] + kind_choices()
        self.fields["officer"].choices = [("", "Anyone"), ("none", "Nobody (unassigned)")] + [
            (str(o.pk), o.display_name) for o in officers]

    def clean(self):
        data = super().clean()
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            self.add_error("due_to", "The end of the due range is before its start.")
        return data
