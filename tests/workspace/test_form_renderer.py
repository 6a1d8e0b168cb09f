"""The form renderer writes inputs and drop-downs in Python: the HTML must be Django's, character for character.

Each widget is rendered twice, once by Django's template renderer and once by cases.form_renderer, and
the two strings compared; a spy checks the Python path was the one taken.
"""

import datetime
import importlib
import inspect
import pkgutil
from pathlib import Path
from unittest import mock

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import cases
from cases import form_renderer
from cases.form_renderer import WidgetRenderer

ODD = 'Tom & "Jerry" <b>it\'s</b>'


class Everything(forms.Form):
    text = forms.CharField(initial=ODD, help_text="A hint", max_length=20)
    empty = forms.CharField(required=False)
    safe = forms.CharField(initial=mark_safe("<i>kept</i>"), required=False)
    number = forms.IntegerField(initial=1307, min_value=0)
    decimal = forms.DecimalField(initial="12.50", required=False)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=False), initial="secret")
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h<1>")
    date = forms.DateField(initial=datetime.date(2026, 12, 7), widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(initial=datetime.datetime(2026, 12, 7, 9, 30), required=False)
    time = forms.TimeField(required=False)
    flag_on = forms.BooleanField(initial=True, required=False)
    flag_off = forms.BooleanField(initial=False, required=False)
    disabled = forms.CharField(disabled=True, initial="fixed", required=False)
    attrs = forms.CharField(required=False, widget=forms.TextInput(attrs={
        "data-x": ODD, "hidden": True, "readonly": False, "aria-label": gettext_lazy("Lazy label")}))
    choice = forms.ChoiceField(choices=[("", "Any"), ("a", ODD), ("b", gettext_lazy("Lazy")), (3, 3)], initial="b")
    grouped = forms.ChoiceField(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear <ripe>")]),
                                         ("loose", "Loose one")], initial="pear")
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], initial=["x", "z"],
                                     required=False)
    nullable = forms.NullBooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False, initial="a < b")
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("1", "One"), ("2", "Two")], required=False)
    upload = forms.FileField(required=False)


def _both(form_class, *args, **kwargs):
    """Every field of the form rendered by Django's renderer and by the project's."""
    pairs = []
    for renderer in (DjangoTemplates(), WidgetRenderer()):
        form = form_class(*args, renderer=renderer, **kwargs)
        pairs.append([(bound.name, str(bound.as_widget())) for bound in form])
    return list(zip(*pairs, strict=True))


@pytest.mark.parametrize("data", [None, {"text": ODD * 2, "number": "x", "choice": "zzz", "many": ["y"],
                                         "flag_on": "", "grouped": "apple", "nullable": "true"}],
                         ids=["initial", "bound with errors"])
def test_every_widget_kind_renders_as_django_does(data):
    for (name, django_html), (_, ours) in _both(Everything, data):
        assert ours == django_html, name


def test_the_python_path_is_taken_for_inputs_and_drop_downs_only():
    taken = []
    real_input, real_select = form_renderer._input, form_renderer._select
    spy_input = mock.patch.object(form_renderer, "_input",
                                  side_effect=lambda w: taken.append(w["name"]) or real_input(w))
    spy_select = mock.patch.object(form_renderer, "_select",
                                   side_effect=lambda w: taken.append(w["name"]) or real_select(w))
    with spy_input, spy_select:
        _both(Everything)
    expected = {"text", "empty", "safe", "number", "decimal", "email", "url", "password", "hidden", "date",
                "when", "time", "flag_on", "flag_off", "disabled", "attrs", "choice", "grouped", "many",
                "nullable"}
    assert set(taken) == expected  # textarea, radios and the file input stay with the templates


def test_a_project_copy_of_a_widget_template_is_respected(tmp_path):
    """An app's copy of a widget template changes the HTML, so the Python path must step aside."""
    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "text.html").write_text('<input class="project-copy" name="{{ widget.name }}">')

    class WithCopy(WidgetRenderer):
        @cached_property
        def engine(self):
            django_own = Path(forms.__file__).parent / "templates"
            return self.backend({"APP_DIRS": True, "DIRS": [tmp_path, django_own], "NAME": "copied", "OPTIONS": {}})

    renderer = WithCopy()
    assert str(Everything(renderer=renderer)["text"].as_widget()) == '<input class="project-copy" name="text">'
    assert str(Everything(renderer=renderer)["number"].as_widget()).startswith('<input type="number"')


def _project_forms():
    found = {}
    for module_info in pkgutil.walk_packages(cases.__path__, "cases."):
        if ".migrations" in module_info.name or not module_info.name.rsplit(".", 1)[-1].startswith("form"):
            continue
        module = importlib.import_module(module_info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__ and obj.base_fields:
                found[f"{module.__name__}.{name}"] = obj
    return found


@pytest.mark.django_db
def test_every_project_form_renders_as_django_does():
    project_forms = _project_forms()
    assert "cases.forms.QueueFilterForm" in project_forms
    compared = 0
    for label, form_class in project_forms.items():
        try:
            pairs = _both(form_class)
        except TypeError:
            continue  # a form that needs arguments of its own (the pages test those)
        for (name, django_html), (_, ours) in pairs:
            assert ours == django_html, (label, name)
            compared += 1
    assert compared >= 30
