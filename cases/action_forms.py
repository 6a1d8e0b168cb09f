"""The page's form of a declared act (cases.actions), built from the act's input and validated by it.

The fields, labels, help texts, choices and limits are the input serializer's, so the page asks for exactly
what the API takes. The form renders and keeps what was typed; the serializer decides what is valid, with
the same messages the API gives. Two things differ only in how a browser sends them: the version the person
acted on travels as the hidden field `version` (the API's `expected_version`), and a list is typed as one
text, its items separated by commas or spaces.
"""

import re
from functools import cache

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from rest_framework import serializers

from cases.actions import Act

# A text longer than this is written in a box of several lines.
LONG_TEXT = 1000
VERSION = "expected_version"


def _optional(field) -> bool:
    return not field.required or getattr(field, "allow_blank", False) or getattr(field, "allow_null", False)


class ListTextField(forms.CharField):
    """A list typed as one text; items separated by commas or spaces."""

    def to_python(self, value):
        return split_list(super().to_python(value))


def split_list(text: str) -> list[str]:
    return [item for item in re.split(r"[\s,]+", text or "") if item]


class ObjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "display_name", None) or str(obj)


def _form_field(field, label=None, offered=None) -> forms.Field:
    common = {"label": label or field.label, "help_text": field.help_text or "", "required": not _optional(field)}
    if isinstance(field, serializers.ChoiceField):
        # The input names its values; the words a person reads are its style's `choice_labels`.
        labels = field.style.get("choice_labels", {})
        choices = [(value, labels.get(value, label)) for value, label in field.choices.items()
                   if offered is None or value in offered]
        if common["required"]:
            # No outcome is chosen for the person: a required choice starts with none selected.
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if field.default not in (serializers.empty, None, ""):
            # A choice with a default shows it chosen, as the API takes it when the field is left out.
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, initial=field.default, **common)
        if not any(value == "" for value, _label in choices):
            choices = [("", "Choose"), *choices]
        return forms.ChoiceField(choices=choices, **common)
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        # The choices are the objects the person may see (the input's query), set when the form is made.
        return ObjectChoiceField(queryset=None, empty_label="Choose", **common)
    if isinstance(field, serializers.ListField):
        return ListTextField(widget=forms.Textarea(attrs={"rows": 2}), **{
            **common, "help_text": common["help_text"] or "Separate several with commas or spaces."})
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places, **common)
    if isinstance(field, serializers.DateField):
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(**{**common, "required": False})
    if isinstance(field, serializers.CharField):
        long = field.max_length is None or field.max_length >= LONG_TEXT
        widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput
        return forms.CharField(max_length=field.max_length, widget=widget, strip=False, **common)
    raise TypeError(f"No page field for {type(field).__name__}: declare a field type cases.action_forms knows.")


class DeclaredForm(forms.Form):
    """Made with the person (whose objects a reference may name) and the case (which narrows the choices)."""

    act: Act

    def __init__(self, *args, user=None, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        declared = self.act.body().fields if self.act.body is not None else {}
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = declared[name].query(user)
        if subject is not None and "version" in self.fields and not self.is_bound:
            self.initial.setdefault("version", subject.version)
        if self.act.narrow is not None and subject is not None:
            self.act.narrow(self, subject)


@cache
def form_class(act: Act) -> type[DeclaredForm]:
    """The form of `act`: every input field except those the act sets itself, in the input's order."""
    fixed, offered, labels = dict(act.fixed), dict(act.offered), dict(act.labels)
    fields = {}
    if act.body is not None:
        for name, field in act.body().fields.items():
            if name == VERSION:
                fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            elif name not in fixed:
                fields[name] = _form_field(field, labels.get(name), offered.get(name))
    if act.confirm_box:
        fields["confirm"] = forms.BooleanField(label=act.confirm_box, required=True, error_messages={
            "required": f"Tick the box to confirm before you {act.label[0].lower()}{act.label[1:]}."})
    name = f"{act.kind.title()}{act.action.title().replace('_', '')}Form"
    return type(name, (DeclaredForm,), {**fields, "act": act})


def posted_input(act: Act, form: forms.Form) -> dict:
    """What the person posted, as the API would receive it: fields left empty are omitted when the input
    allows it (its default applies), kept when it requires them (so its own message answers)."""
    data = {}
    if act.body is None:
        return data
    declared = act.body().fields
    for name in form.fields:
        if (name == "confirm" and act.confirm_box) or name == "version":
            continue  # the tick box is the page's; the version is read by the page (a garbled one is stale)
        key = VERSION if name == "version" and VERSION in declared else name
        if form.add_prefix(name) not in form.data:
            continue  # not sent at all (no radio button chosen): as the API hears a missing field
        value = form.data.get(form.add_prefix(name), "")
        if value == "" and not declared[key].required and not getattr(declared[key], "allow_blank", False):
            continue  # an empty date, number or choice: the input's default applies
        data[key] = split_list(value) if isinstance(declared[key], serializers.ListField) else value
    return data


def validate(act: Act, form: forms.Form, context: dict, given: dict | None = None) -> dict | None:
    """Validate the posted form with the act's input; the validated data, or None with the errors on the form.
    `given`: input the page itself supplies (the order a petition is recorded on, from its URL)."""
    form.full_clean()  # binds the typed values for display; the input's verdict below replaces its errors
    errors = ErrorDict()
    if "confirm" in form.fields and not form.cleaned_data.get("confirm"):
        errors["confirm"] = ErrorList([form.fields["confirm"].error_messages["required"]])
    data = {}
    if act.body is not None:
        serializer = act.body(data={**posted_input(act, form), **(given or {})}, context=context)
        if serializer.is_valid():
            data = dict(serializer.validated_data)
        for name, messages in (serializer.errors or {}).items():
            messages = messages if isinstance(messages, list) else [messages]
            key = "version" if name == VERSION else name
            key = key if key in form.fields else "__all__"
            errors.setdefault(key, ErrorList()).extend(str(message) for message in messages)
    form._errors = errors
    return None if errors else data
