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


@register.filter
def countdown(due, today=None):
    """"3 days overdue", "due today", "due in 2 days" beside a due date; `today` is the port's local date
    (the default port's when not given)."""
    from cases import listing
    from cases.services.support import today as port_today

    return listing.day_count(due, today or port_today())


@register.filter
def page_range(page):
    """"51–100 of 1,204" for the page shown."""
    from cases import listing

    return listing.page_range(page)


@register.simple_tag(takes_context=True)
def sort_header(context, label, ascending, descending=None):
    """A sortable column heading: a link that sorts by `ascending` (by `descending` when already sorted so),
    with aria-sort saying the current direction. `descending` defaults to "-" + `ascending`."""
    from django.utils.html import format_html

    from cases import listing

    descending = descending or f"-{ascending}"
    current = context.get("sort")
    state = "ascending" if current == ascending else "descending" if current == descending else "none"
    target = descending if current == ascending else ascending
    query = listing.sort_query(context["request"].GET, target)
    hint = {"ascending": " (sorted ascending)", "descending": " (sorted descending)"}.get(state, "")
    return format_html('<th scope="col" aria-sort="{}"><a href="?{}">{}<span class="usa-sr-only">{}</span></a></th>',
                       state, query, label, hint)


@register.filter
def country_name(code):
    """"China" for "CN"."""
    from cases import listing

    return listing.country_name(code)


@register.filter
def money(value, currency="USD"):
    """"$182,673.00" for 182673 (US dollars); another ISO 4217 currency as "182,673.00 EUR"."""
    from cases import listing

    return listing.money(value, currency)


@register.simple_tag
def error_summary(form):
    """The items of a form's error summary (the USWDS pattern): (anchor, text) per message, the anchor being
    the id of the input to move to ("" for a message about the whole form or a hidden field)."""
    if form is None or not getattr(form, "errors", None):
        return []
    items = [("", str(message)) for message in form.non_field_errors()]
    for bound in form:
        if not bound.errors:
            continue
        widget = bound.field.widget
        if bound.is_hidden:
            anchor = ""
        elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            anchor = f"{bound.auto_id}_0" if bound.auto_id else ""
        else:
            anchor = bound.id_for_label or ""
        label = bound.label or bound.name.replace("_", " ").capitalize()
        for message in bound.errors:
            items.append((anchor, f"{label}: {message}" if not bound.is_hidden else str(message)))
    return items


@register.simple_tag
def term(key, text=""):
    """A term linked to its glossary entry, with its one-line meaning as the link's description:
    {% term "wro" %} or {% term "cf-28" "request for information" %}."""
    from django.urls import reverse
    from django.utils.html import format_html

    from cases.glossary import BY_KEY

    entry = BY_KEY[key]
    return format_html('<a class="term" href="{}#{}" title="{}">{}</a>', reverse("glossary"), entry.key,
                       entry.short, text or entry.name)


@register.simple_tag
def term_help(key):
    """The one-line meaning of a term, for a hint beside it."""
    from cases.glossary import BY_KEY

    return BY_KEY[key].short
