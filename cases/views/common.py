"""What every staff page shares: refusing importer accounts, paging, reading versions and answering
service refusals with a message instead of an error page."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import actions, paging
from cases.errors import CaseError

PAGE_SIZE = 25


def staff_required(view):
    """Officers, supervisors and administrators only; an importer gets 404, so nothing leaks that the page exists."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_agency_staff:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


_STAND_IN_ID = 987654321  # an id the address is reversed with once; no route's fixed text contains it


def address_for_each(name: str, *leading):
    """`reverse(name, args=[*leading, pk])` for the many rows of a list at the cost of one reverse: the
    address is reversed once with a stand-in id, which each row's own id then replaces."""
    head, _, tail = reverse(name, args=[*leading, _STAND_IN_ID]).rpartition(str(_STAND_IN_ID))
    return lambda pk: f"{head}{int(pk)}{tail}"


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def cursor_page(request, queryset, ordering, *, per_page: int = PAGE_SIZE, rows=None, count: bool = False):
    """A keyset page of a large list (cases/paging.py) from the `cursor` in the URL.

    A cursor that does not decode (edited or truncated by hand) shows the first page with a message.
    """
    try:
        return paging.keyset_page(queryset, ordering, request.GET.get("cursor"), per_page, rows=rows, count=count)
    except paging.BadCursor as error:
        messages.error(request, str(error))
        return paging.keyset_page(queryset, ordering, None, per_page, rows=rows, count=count)


def posted_version(request) -> int | None:
    """The object's version the form was built from; a missing or garbled one is refused as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def message_for(error: Exception) -> str:
    """One sentence a person can act on, from a service's refusal or validation error."""
    if isinstance(error, CaseError):
        return error.message
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return " ".join(str(m) for msgs in error.message_dict.values() for m in msgs)
        return " ".join(error.messages)
    return str(error)


def run_action(request, action, *, success: str):
    """Call a service; on a refusal show why (nothing changed). Answers True when the action happened."""
    try:
        action()
    except (CaseError, ValidationError) as error:
        messages.error(request, message_for(error))
        return False
    messages.success(request, success)
    return True


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's per-field messages next to the fields of the form that was posted."""
    if hasattr(error, "error_dict"):
        for field, msgs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, error.messages)


def bulk_selection(request, name: str = "selected") -> list[tuple[int, int]]:
    """Checkbox values `pk:version` from a list page; malformed values are dropped."""
    picked = []
    for value in request.POST.getlist(name):
        pk, _, version = value.partition(":")
        if pk.isdigit() and version.isdigit():
            picked.append((int(pk), int(version)))
    return picked


def confirmed(request) -> bool:
    """An irreversible act runs only from its confirmation step, which posts `confirm=yes`."""
    return request.POST.get("confirm") == "yes"


def decision_summary(detention, decision) -> dict:
    """What a supervisor confirms: the case and the proposal, as label/value pairs."""
    shipment = detention.shipment
    facts = [("Importer", shipment.importer.name), ("Held under", detention.get_basis_display())]
    if decision is not None:
        outcome = decision.get_outcome_display()
        if decision.release_ground:
            outcome += f" ({decision.get_release_ground_display()})"
        facts += [("Outcome", outcome), ("Proposed by", decision.proposed_by.display_name),
                  ("Reasons", decision.reasons)]
    return {"heading": f"Entry {shipment.entry_number}", "facts": facts}


def declared_act_view(kind: str, action: str, handler, guard):
    """The page view of the declared act `kind`/`action` (cases.actions): `guard` says who may post, POST
    only, then `handler(request, pk, action)` validates, confirms and performs it."""
    @guard
    @require_POST
    def view(request, **kwargs):
        pk = next(iter(kwargs.values()), None)  # none for an act that makes a new record
        return handler(request, pk, action)

    view.__name__ = action
    view.__doc__ = f"{actions.get(kind, action).label}: the declared act, from its page."
    return view
