"""Template helpers of the workspace: USWDS classes on form widgets, and a query string with one change."""

from django import forms, template

register = template.Library()

_CLASSES = {
    forms.Textarea: "usa-textarea",
    forms.Select: "usa-select",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
}


@register.filter
def uswds(bound_field):
    """Render a field's widget with its USWDS class, and tie any error message to it for screen readers."""
    widget = bound_field.field.widget
    css = next((c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "usa-input")
    if bound_field.errors:
        css += " usa-input--error"
    attrs = {"class": css}
    if bound_field.errors:
        attrs["aria-describedby"] = f"{bound_field.auto_id}-error"
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def page_query(context, page_number):
    """The current query string with another page number."""
    params = context["request"].GET.copy()
    params["page"] = page_number
    return params.urlencode()
