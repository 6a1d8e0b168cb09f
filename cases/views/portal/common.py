"""What every portal page shares: admitting importers only, and saying a deadline in words and dates."""

import datetime
import functools

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404

from cases import queries
from cases.models import Deadline, DeadlineState
from cases.services.support import check_version, lock, today

# Detention states in which the importer prepares or edits a package (cases.services.submissions.save_draft).
PREPARABLE_STATES = ("notice_issued", "submission_received", "under_review", "awaiting_importer", "deemed_excluded")

# What the importer must do before each of their clocks runs out (domain.md section 3, party: importer).
IMPORTER_ACTS = {
    "proof_of_admissibility": "submit proof of admissibility",
    "caatsa_evidence": "submit evidence rebutting the North Korean labor presumption",
    "uflpa_response": "respond to the UFLPA detention",
    "rfi_response": "answer the request for information",
    "abandonment": "export or protest before the goods are deemed abandoned",
    "protest_filing": "file a protest of the exclusion",
    "court_filing": "bring an action in the Court of International Trade",
}


def importer_required(view):
    """Importer accounts only. Staff get 404 too: the portal is not their workspace and says nothing to them."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_importer:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def countdown(deadline: Deadline, on: datetime.date | None = None) -> str:
    """E.g. "23 days left to submit proof of admissibility: due 2 March 2026, 19 CFR 12.43"."""
    on = on or today()
    act = IMPORTER_ACTS.get(deadline.kind, deadline.kind.replace("_", " "))
    due = f"due {long_date(deadline.due_date)}, {deadline.citation}"
    days = (deadline.due_date - on).days
    if deadline.state != DeadlineState.OPEN or days < 0:
        return f"The time to {act} closed on {long_date(deadline.due_date)} ({deadline.citation})"
    if days == 0:
        return f"Last day to {act}: {due}"
    return f"{days} day{'s' if days != 1 else ''} left to {act}: {due}"


def open_importer_deadlines(actor, detention_ids) -> dict[int, list[Deadline]]:
    """The importer's open clocks per detention, soonest first."""
    by_detention: dict[int, list[Deadline]] = {}
    rows = queries.visible_deadlines(actor).filter(
        detention_id__in=detention_ids, state=DeadlineState.OPEN, party="importer"
    ).order_by("due_date", "id")
    for deadline in rows:
        by_detention.setdefault(deadline.detention_id, []).append(deadline)
    return by_detention


@transaction.atomic
def run_checked(obj, expected_version, action: str, label: str, call):
    """Run `call` only if `obj` still has the version the form was built from.

    For the services that take no expected_version: the row lock held here until `call` finishes
    means nobody can change the object between the check and the action.
    """
    current = lock(obj)
    check_version(current, expected_version, action=action, label=label)
    return call()


def own_files(actor, obj) -> list:
    """Files the organisation's own users attached to `obj` (read through the reverse relation: the
    evidence app owns the files; sealed ones are never shown to an importer)."""
    files = getattr(obj, "evidence_files", None)
    if obj is None or files is None:
        return []
    return list(files.filter(uploaded_by__organisation_id=actor.organisation_id, sealed=False)
                .order_by("uploaded_at", "id"))
