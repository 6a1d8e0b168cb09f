"""The form renderer: Django's own widget templates, with the two most used ones written out in Python.

Every filter form, list page and case page renders its inputs and drop-downs through Django's widget
templates: one template for each input, and for a drop-down one template plus one included template per
option, each resolved by the template engine. On the work queue those widgets were about a fifth of the
page's time (docs/scale.md). `render` below writes the same HTML for the plain input templates
(`django/forms/widgets/input.html` and the one-line templates that include it) and for `select.html` with
its options, character for character; every other widget (radios, checkbox lists, text areas, file
inputs, the three-drop-down date widget...) goes through the templates as before.
tests/workspace/test_form_renderer.py compares the two for each widget kind it takes over.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

# The widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
                 "search", "tel", "color", "checkbox")
)
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it was already marked safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget) -> str:
    value = widget["value"]
    value_attr = f' value="{_formatted(value)}"' if value is not None else ""
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{value_attr}{_attrs(widget["attrs"])}>')


def _option(option) -> str:
    return (f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f'{conditional_escape(localize(option["label"]))}</option>')


def _select(widget) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return ""  # an option drawn by another template: leave the whole drop-down to the templates
            out.append(f"\n  {_option(option)}\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")  # the renderer strips the template's final newline
    return "".join(out)


class WidgetRenderer(DjangoTemplates):
    """FORM_RENDERER: the project's templates and Django's, with inputs and drop-downs written directly."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name == widget.get("template_name"):
            if template_name in INPUT_TEMPLATES and self._not_overridden(template_name):
                return mark_safe(_input(widget))
            if template_name == SELECT_TEMPLATE and self._not_overridden(template_name):
                html = _select(widget)
                if html:
                    return mark_safe(html)
        return super().render(template_name, context, request=request)

    def _not_overridden(self, template_name) -> bool:
        """True when the template in use is Django's own (a project copy would change the HTML)."""
        cache = self.__dict__.setdefault("_own_templates", {})
        if template_name not in cache:
            origin = self.get_template(template_name).origin.name
            cache[template_name] = "/django/forms/templates/" in origin.replace("\\", "/")
        return cache[template_name]
