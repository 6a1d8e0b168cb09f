"""The columns the detention CSV exports (the queue's and the search's) read, as plain tuples.

An export reads every matching detention. Model instances would be read with their entry through
`select_related`, and a detention and its entry point at each other (a one-to-one field caches both
ways), so each row would leave a reference cycle that only the garbage collector's rare full pass
frees: the export's memory would creep up with its length. Tuples hold no cycles, so memory stays at
one chunk of rows whatever the number of rows.
"""

from django.db.models import QuerySet

from cases.models import Detention

COLUMNS = (
    "shipment__entry_number", "shipment__importer__name", "shipment__producer__name", "basis",
    "wro__reference", "finding__reference", "status", "port_code", "assigned_officer__username",
    "assigned_officer__first_name", "assigned_officer__last_name", "presented_on", "detained_on",
    "next_clock_kind", "next_clock_due",
)
CHUNK = 500

_BASIS = dict(Detention._meta.get_field("basis").flatchoices)
_STATUS = dict(Detention._meta.get_field("status").flatchoices)


def rows(qs: QuerySet):
    """Each detention of `qs` (in its order) as a named tuple of COLUMNS, with `basis_label`,
    `status_label`, `order_reference` and `officer_name` beside them."""
    for row in qs.values_list(*COLUMNS, named=True).iterator(chunk_size=CHUNK):
        officer = f"{row.assigned_officer__first_name or ''} {row.assigned_officer__last_name or ''}".strip()
        yield row, {
            "basis_label": _BASIS.get(row.basis, row.basis),
            "status_label": _STATUS.get(row.status, row.status),
            "order_reference": row.wro__reference or row.finding__reference or "",
            "officer_name": officer or row.assigned_officer__username or "",
        }
