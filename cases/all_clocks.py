"""Every open deadline of every kind on one list: the "All clocks" page.

The work queues list detentions by their next clock; clocks of a shipment not yet detained (the 5-day
release-or-detain decision), of an investigation (allegation transmittal), of a request for information or
a protest, and importer windows behind an earlier agency clock would otherwise be counted on the
supervisor's chart and listed nowhere. One queryset, so a page of any size costs a fixed number of queries.
"""

import datetime

from django.db.models import F, IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce

from cases import listing, queries
from cases.clocks import CLOCK_RULES, DeadlineKind, Party

# Who works a clock, by what it hangs on: the tabs of the page. Each kind falls in at least one group.
GROUPS = {
    "shipments": ("Release or detain", Q(shipment__isnull=False)),
    "detentions": ("Detentions (agency)", Q(detention__isnull=False, rfi__isnull=True, protest__isnull=True,
                                             party=Party.AGENCY)),
    "importer": ("Importer windows", Q(party=Party.IMPORTER)),
    "rfis": ("Requests for information", Q(rfi__isnull=False)),
    "protests": ("Protests", Q(protest__isnull=False)),
    "investigations": ("Investigations", Q(investigation__isnull=False)),
}

SORTS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "-id"),
    "kind": ("kind", "due_date", "id"),
    "-kind": ("-kind", "due_date", "id"),
    "port": ("subject_port", "due_date", "id"),
    "-port": ("-subject_port", "due_date", "id"),
    "officer": ("subject_officer_name", "due_date", "id"),
    "-officer": ("-subject_officer_name", "due_date", "id"),
}


def kind_label(kind: str) -> str:
    rule = CLOCK_RULES.get(kind)
    return rule.label if rule else kind.replace("_", " ")


def kind_choices() -> list[tuple[str, str]]:
    return [(k.value, kind_label(k.value)) for k in DeadlineKind]


def clocks(actor) -> QuerySet:
    """The deadlines `actor` may see, each with the port and the officer of what it hangs on."""
    return (
        queries.visible_deadlines(actor)
        .select_related("detention__assigned_officer", "detention__shipment__importer", "shipment__importer",
                        "investigation__assigned_officer", "protest", "rfi")
        .annotate(
            subject_port=Coalesce(F("detention__port_code"), F("shipment__port_code"),
                                  F("investigation__receiving_port_code")),
            subject_officer_id=Coalesce(F("detention__assigned_officer"), F("investigation__assigned_officer"),
                                        output_field=IntegerField()),
            subject_officer_name=Coalesce(F("detention__assigned_officer__last_name"),
                                          F("investigation__assigned_officer__last_name")),
        )
    )


def apply_filters(qs: QuerySet, data: dict) -> QuerySet:
    """Narrow by the cleaned filter form: group (tab), kind, state (open unless chosen), port, officer, due range."""
    if data.get("group") in GROUPS:
        qs = qs.filter(GROUPS[data["group"]][1])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    qs = qs.filter(state=data.get("state") or "open")
    if data.get("port"):
        qs = qs.filter(subject_port=data["port"])
    officer = data.get("officer")
    if officer == "none":
        qs = qs.filter(subject_officer_id__isnull=True)
    elif officer:
        qs = qs.filter(subject_officer_id=officer)
    if data.get("due_from"):
        qs = qs.filter(due_date__gte=data["due_from"])
    if data.get("due_to"):
        qs = qs.filter(due_date__lte=data["due_to"])
    return qs


def day_count(due: datetime.date, today: datetime.date) -> str:
    """"3 days overdue", "due today", "due in 2 days": the countdown beside a due date (cases/listing.py)."""
    return listing.day_count(due, today)
