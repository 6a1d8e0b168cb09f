from django import forms

from cases.webhooks.models import EventType


class EndpointForm(forms.Form):
    url = forms.URLField(label="URL that receives the events", max_length=500, assume_scheme="https",
                         help_text="https:// address of your system; each delivery is a signed POST.")
    description = forms.CharField(label="Description (optional)", max_length=200, required=False)
    event_types = forms.MultipleChoiceField(label="Events to send", choices=EventType.choices,
                                            widget=forms.CheckboxSelectMultiple)
