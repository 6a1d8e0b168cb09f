from django import forms

from cases.models import Role
from evidence.models import AGENCY_CATEGORIES, Category


class UploadForm(forms.Form):
    """The fields beside the file. The file itself is received by evidence.intake, never by the form,
    so it is never read into memory; the field here only carries its label and errors."""

    file = forms.FileField(required=False, label="File")
    category = forms.ChoiceField(label="What kind of document is this?")
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Category.choices
        if actor.role == Role.IMPORTER:
            choices = [(value, label) for value, label in choices if value not in AGENCY_CATEGORIES]
        self.fields["category"].choices = [("", "Choose…"), *choices]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
