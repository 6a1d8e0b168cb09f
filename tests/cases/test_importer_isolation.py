"""One importer never acts on, nor reads, another organisation's case; importers never read the
agency's internal records; an inactive account reads nothing."""

import inspect

import pytest
from django.db.models import Q
from django.http import Http404

from cases import queries
from cases.errors import ActionNotPermitted
from cases.models import (
    AdmissibilitySubmission,
    AuditEvent,
    Deadline,
    Decision,
    Detention,
    Finding,
    ForeignEntity,
    GoodsDisposition,
    ImporterOrganisation,
    Investigation,
    ModificationPetition,
    Note,
    Notification,
    Protest,
    Redelivery,
    RequestForInformation,
    Seizure,
    SeizurePetition,
    Shipment,
    User,
    WithholdReleaseOrder,
)
from cases.services import decisions, detentions, protests, rfis, submissions
from tests import factories
from tests.cases import helpers, seizure_builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(officer, supervisor, importer_a, importer_b):
    """Organisation A's records in every kind, and one detention of B's as a control."""
    # A full case: notice, filed package, RFI answered, exclusion approved, protest, notes.
    filed = helpers.submitted(officer=officer, importer_user=importer_a)
    excluded = filed.detention
    factories.ModificationPetitionFactory()  # the Forced Labor Division's file, internal
    submissions.start_review(actor=officer, detention=excluded)
    answered_rfi = rfis.send_rfi(actor=officer, detention=excluded, questions="Provide the payroll for March.")
    rfis.answer_rfi(actor=importer_a, rfi=answered_rfi, answer="Attached.")
    decisions.propose_decision(actor=officer, detention=excluded, outcome="exclude", reasons="Not traced.")
    decisions.approve_decision(actor=supervisor, detention=excluded)
    excluded.refresh_from_db()
    protest = helpers.file_protest(importer_user=importer_a, detention=excluded)
    internal = detentions.add_note(actor=officer, detention=excluded, body="Broker evasive.", visibility="internal")
    shared = detentions.add_note(actor=officer, detention=excluded, body="Send the audit.", visibility="importer")
    # A case where the importer is still working: a draft package and an open RFI.
    draft = helpers.draft_package(officer=officer, importer_user=importer_a)
    open_rfi = rfis.send_rfi(actor=officer, detention=draft.detention, questions="Who spun the yarn?")
    # A proposal awaiting approval, and the agency's internal records.
    pending = helpers.proposed(officer=officer, basis="uflpa", importer=importer_a.organisation).decisions.get()
    draft_wro = factories.WroFactory(status="draft", effective_date=None)
    investigation = factories.InvestigationFactory()
    # After the decision: A's seizure with a petition, goods awaiting destruction, a redelivery demand.
    people = {"officer": officer, "supervisor": supervisor, "importer": importer_a}
    seizure_builders.petition(people, seizure_builders.seizure_in("noticed", people))
    seizure_builders.disposition_in("pending", people)
    seizure_builders.redelivery_in("demanded", people)
    # B's own case, which B does see.
    own_b = helpers.noticed(officer=officer, basis="uflpa", importer=importer_b.organisation)
    return {
        "excluded": excluded, "filed": filed, "answered_rfi": answered_rfi, "protest": protest,
        "internal_note": internal, "shared_note": shared, "draft": draft, "open_rfi": open_rfi, "pending": pending,
        "draft_wro": draft_wro, "investigation": investigation, "own_b": own_b,
    }


# --- Acting ------------------------------------------------------------------------------------

ACTS_ON_A = {
    "save a draft on A's detention": lambda b, c: submissions.save_draft(actor=b, detention=c["draft"].detention,
                                                                         summary="Mine now."),
    "submit A's package": lambda b, c: submissions.submit_submission(actor=b, submission=c["draft"]),
    "withdraw A's package": lambda b, c: submissions.withdraw_submission(actor=b, submission=c["draft"]),
    "answer A's RFI": lambda b, c: rfis.answer_rfi(actor=b, rfi=c["open_rfi"], answer="Nothing to see."),
    "elect export of A's goods": lambda b, c: detentions.elect_export(actor=b, detention=c["draft"].detention),
    "protest A's exclusion": lambda b, c: helpers.file_protest(importer_user=b, detention=c["excluded"]),
    "propose a decision on A's protest": lambda b, c: protests.propose_protest_decision(
        actor=b, protest=c["protest"], outcome="allow", reasons="Allowed."),
    "amend A's protest": lambda b, c: protests.amend_protest(actor=b, protest=c["protest"], objections="Mine."),
    "withdraw A's protest": lambda b, c: protests.withdraw_protest(actor=b, protest=c["protest"]),
    "add a note to A's case": lambda b, c: detentions.add_note(actor=b, detention=c["excluded"], body="Hello."),
    "approve A's pending decision": lambda b, c: decisions.approve_decision(actor=b, detention=c["pending"].detention),
}


@pytest.mark.parametrize("act", list(ACTS_ON_A))
def test_importer_cannot_act_on_another_organisations_case(case_a, importer_b, act):
    before = helpers.world()
    with pytest.raises(ActionNotPermitted):
        ACTS_ON_A[act](importer_b, case_a)
    assert helpers.world() == before


def test_the_refusal_says_the_record_belongs_to_another_organisation(case_a, importer_b):
    with pytest.raises(ActionNotPermitted, match="another organisation"):
        rfis.answer_rfi(actor=importer_b, rfi=case_a["open_rfi"], answer="Nothing to see.")


# --- Reading -----------------------------------------------------------------------------------

def a_rows(org):
    """For each read function, the rows importer B must never get (A's, or the agency's own)."""
    return {
        "visible_organisations": ImporterOrganisation.objects.filter(pk=org.pk),
        "visible_shipments": Shipment.objects.filter(importer=org),
        "visible_detentions": Detention.objects.filter(shipment__importer=org),
        "visible_submissions": AdmissibilitySubmission.objects.filter(organisation=org),
        "visible_rfis": RequestForInformation.objects.filter(detention__shipment__importer=org),
        "visible_decisions": Decision.objects.filter(detention__shipment__importer=org),
        "visible_protests": Protest.objects.filter(organisation=org),
        "visible_seizures": Seizure.objects.filter(detention__shipment__importer=org),
        "visible_seizure_petitions": SeizurePetition.objects.filter(organisation=org),
        "visible_dispositions": GoodsDisposition.objects.filter(detention__shipment__importer=org),
        "visible_redeliveries": Redelivery.objects.filter(detention__shipment__importer=org),
        "visible_notes": Note.objects.filter(detention__shipment__importer=org),
        "visible_deadlines": Deadline.objects.filter(Q(detention__shipment__importer=org) | Q(shipment__importer=org)),
        "visible_notifications": Notification.objects.filter(recipient__organisation=org),
        "visible_users": User.objects.filter(organisation=org),
        # Internal to the agency: no importer reads any of them.
        "visible_audit_events": AuditEvent.objects.all(),
        "visible_investigations": Investigation.objects.all(),
        "visible_entities": ForeignEntity.objects.all(),
        "visible_petitions": ModificationPetition.objects.all(),
        "visible_wros": WithholdReleaseOrder.objects.filter(status="draft"),
    }


# Published Findings are public record (the Federal Register); every importer reads them.
PUBLIC = {"visible_findings"}
READ_FUNCTIONS = sorted(name for name, _ in inspect.getmembers(queries, inspect.isfunction)
                        if name.startswith("visible_"))


def test_every_read_function_is_checked_for_isolation(org_a):
    assert set(READ_FUNCTIONS) == set(a_rows(org_a)) | PUBLIC


@pytest.mark.parametrize("name", sorted(set(READ_FUNCTIONS) - PUBLIC))
def test_importer_reads_none_of_another_organisations_rows(case_a, org_a, importer_b, name):
    forbidden = set(a_rows(org_a)[name].values_list("pk", flat=True))
    assert forbidden, f"the fixture built no row for {name}, so this test could not fail"
    seen = set(getattr(queries, name)(importer_b).values_list("pk", flat=True))
    assert not seen & forbidden


@pytest.mark.parametrize("name", ["visible_detentions", "visible_shipments", "visible_deadlines",
                                  "visible_notifications", "visible_organisations", "visible_users"])
def test_importer_still_reads_their_own_rows(case_a, importer_b, name):
    assert getattr(queries, name)(importer_b).exists()


def test_another_organisations_detention_does_not_exist_for_the_importer(case_a, importer_b):
    with pytest.raises(Http404):
        queries.get_visible_or_404(queries.visible_detentions(importer_b), pk=case_a["excluded"].pk)


def test_importer_never_reads_internal_notes_only_the_shared_ones(case_a, importer_a):
    assert list(queries.visible_notes(importer_a)) == [case_a["shared_note"]]


def test_importer_never_reads_a_proposed_decision_only_approved_ones(case_a, importer_a):
    seen = set(queries.visible_decisions(importer_a))
    assert case_a["pending"] not in seen
    approved = Decision.objects.filter(status="approved", detention__shipment__importer=importer_a.organisation)
    assert approved.exists() and seen == set(approved)


def test_importer_never_reads_draft_orders_but_reads_published_ones(case_a, importer_a):
    published = factories.WroFactory()
    seen = set(queries.visible_wros(importer_a))
    assert case_a["draft_wro"] not in seen and published in seen


@pytest.mark.parametrize("name", ["visible_audit_events", "visible_investigations", "visible_entities",
                                  "visible_petitions"])
def test_importer_never_reads_the_agencys_internal_records(case_a, importer_a, name):
    assert a_rows(importer_a.organisation)[name].exists()
    assert not getattr(queries, name)(importer_a).exists()


def test_importer_reads_their_own_case_in_full(case_a, importer_a):
    assert set(queries.visible_detentions(importer_a)) == set(
        Detention.objects.filter(shipment__importer=importer_a.organisation))
    assert case_a["draft"] in set(queries.visible_submissions(importer_a))
    assert case_a["protest"] in set(queries.visible_protests(importer_a))


def test_staff_do_not_read_an_importers_draft_package(case_a, officer):
    assert case_a["draft"] not in set(queries.visible_submissions(officer))


@pytest.mark.parametrize("role", ["importer", "officer", "supervisor", "admin"])
def test_an_inactive_account_reads_nothing(case_a, importer_a, officer, supervisor, admin_user, role):
    person = {"importer": importer_a, "officer": officer, "supervisor": supervisor, "admin": admin_user}[role]
    factories.FindingFactory()
    assert Notification.objects.filter(recipient=person).exists() or role == "admin"
    person.is_active = False
    person.save(update_fields=["is_active"])
    for name in READ_FUNCTIONS:
        assert not getattr(queries, name)(person).exists(), name
    assert Finding.objects.exists()
