"""Portal cases built through the real services, as the port and the importer would."""

from cases.services import decisions, detentions, rfis
from tests.cases.helpers import noticed, past_proof_window, submitted


def excluded(*, officer, supervisor, **kw):
    """A detention whose exclusion a supervisor approved: the protest window is open."""
    detention = noticed(officer=officer, **past_proof_window(kw, "exclude"))
    decisions.propose_decision(actor=officer, detention=detention, outcome="exclude",
                               reasons="The importer did not show the gloves were made without forced labor.")
    decisions.approve_decision(actor=supervisor, detention=detention)
    detention.refresh_from_db()
    return detention


def with_rfi(*, officer, importer, **kw):
    detention = noticed(officer=officer, importer=importer, **kw)
    return rfis.send_rfi(actor=officer, detention=detention, questions="Name every spinning mill of the yarn.")


def internal_and_shared_notes(*, officer, detention):
    detentions.add_note(actor=officer, detention=detention, body="INTERNAL: supplier looks suspicious")
    detentions.add_note(actor=officer, detention=detention, body="Please send the mill's payroll.",
                        visibility="importer")


__all__ = ["excluded", "noticed", "submitted", "with_rfi", "internal_and_shared_notes"]
