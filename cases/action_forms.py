"""The page's form of a declared act (cases.actions), built from the act's input and validated by it.

The fields, labels, help texts, choices and limits are the input serializer's, so the page asks for exactly
what the API takes. The form renders and keeps what was typed; the serializer decides what is valid, with
the same messages the API gives.
"""

from functools import cache

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from rest_framework import serializers

from cases.actions import Act

# A text longer than this is written in a box of several lines.
LONG_TEXT = 1000


def _optional(field) -> bool:
    return not field.required or getattr(field, "allow_blank", False) or getattr(field, "allow_null", False)


def _form_field(field, offered=None) -> forms.Field:
    common = {"label": field.label, "help_text": field.help_text or "", "required": not _optional(field)}
    if isinstance(field, serializers.ChoiceField):
        # The input names its values; the words a person reads are its style's `choice_labels`.
        labels = field.style.get("choice_labels", {})
        choices = [(value, labels.get(value, label)) for value, label in field.choices.items()
                   if offered is None or value in offered]
        if common["required"]:
            # No outcome is chosen for the person: a required choice starts with none selected.
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if not any(value == "" for value, _label in choices):
            choices = [("", "Choose"), *choices]
        return forms.ChoiceField(choices=choices, **common)
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


@cache
def form_class(act: Act) -> type[forms.Form]:
    """The form of `act`: every input field except those the act sets itself, in the input's order."""
    fixed = dict(act.fixed)
    offered = dict(act.offered)
    fields = {}
    if act.body is not None:
        for name, field in act.body().fields.items():
            if name not in fixed:
                fields[name] = _form_field(field, offered.get(name))
    return type(f"{act.kind.title()}{act.action.title().replace('_', '')}Form", (forms.Form,), fields)


def posted_input(act: Act, form: forms.Form) -> dict:
    """What the person posted, as the API would receive it: fields left empty are omitted when the input
    allows it (its default applies), kept when it requires them (so its own message answers)."""
    data = {}
    if act.body is None:
        return data
    declared = act.body().fields
    for name in form.fields:
        value = form.data.get(form.add_prefix(name), "")
        if value == "" and not declared[name].required:
            continue
        data[name] = value
    return data


def validate(act: Act, form: forms.Form, context: dict) -> dict | None:
    """Validate the posted form with the act's input; the validated data, or None with the errors on the form."""
    if act.body is None:
        form.full_clean()
        return {}
    serializer = act.body(data=posted_input(act, form), context=context)
    form.full_clean()  # binds the typed values for display; the input's verdict below replaces its errors
    if serializer.is_valid():
        form._errors = ErrorDict()
        return dict(serializer.validated_data)
    errors = ErrorDict()
    for name, messages in serializer.errors.items():
        messages = messages if isinstance(messages, list) else [messages]
        key = name if name in form.fields else "__all__"
        errors.setdefault(key, ErrorList()).extend(str(message) for message in messages)
    form._errors = errors
    return None
