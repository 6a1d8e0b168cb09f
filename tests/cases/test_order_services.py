"""WROs, Findings and modification petitions: the services, every edge of their state tables, and
which orders cover a shipment."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import models, workflows
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Finding, OrderExemption, WithholdReleaseOrder
from cases.services import orders
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 1, 2)
DECIDED = datetime.date(2024, 6, 3)  # after the petitions' factory date of receipt, 2024-05-01
WRITTEN_MODELS = (
    models.AuditEvent, models.WithholdReleaseOrder, models.Finding, models.OrderExemption,
    models.ModificationPetition, models.Investigation, models.IloIndicatorAssessment, models.Deadline,
    models.Notification,
)


@contextlib.contextmanager
def nothing_written():
    """Assert the block writes no row (no order, exemption, petition, clock, notice or audit event)."""
    counts = {model: model.objects.count() for model in WRITTEN_MODELS}
    yield
    assert {model: model.objects.count() for model in WRITTEN_MODELS} == counts


def person(role: str):
    if role == "importer":
        return factories.UserFactory(role=role, organisation=factories.ImporterOrganisationFactory())
    return factories.UserFactory(role=role)


def events(obj, action: str) -> int:
    return AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk), action=action).count()


def wro_in(state: str, **kw) -> WithholdReleaseOrder:
    if state == "draft":
        kw.setdefault("effective_date", None)
    if state == "partially_active":
        kw.setdefault("modified_date", datetime.date(2021, 1, 4))
    if state == "inactive":
        kw.setdefault("inactive_since", datetime.date(2021, 1, 4))
    return factories.WroFactory(status=state, **kw)


def finding_in(state: str, **kw) -> Finding:
    if state == "modified":
        kw.setdefault("modified_date", datetime.date(2021, 9, 9))
    if state == "no_longer_necessary":
        kw.setdefault("inactive_since", datetime.date(2021, 9, 9))
    return factories.FindingFactory(status=state, **kw)


def draft_facts(**kw):
    entity = factories.ForeignEntityFactory()
    facts = {"reference": "WRO-2024-0001", "entity": entity, "entity_name": entity.name,
             "merchandise": "Nitrile gloves", "country": "MY", "hts_codes": ["4015.19", "3926.20.1020"]}
    return {**facts, **kw}


# --- create_wro --------------------------------------------------------------------------------

def test_officer_drafts_a_wro_recorded_in_the_audit_trail(officer):
    wro = orders.create_wro(actor=officer, **draft_facts(source="NGO report", confidence="S"))
    assert (wro.status, wro.effective_date, wro.created_by) == ("draft", None, officer)
    assert wro.hts_codes == ["4015.19", "3926.20.1020"]
    assert events(wro, "create_wro") == 1


def test_comma_separated_hts_headings_are_read_as_a_list(supervisor):
    wro = orders.create_wro(actor=supervisor, **draft_facts(hts_codes="4015.19, 3926.20"))
    assert wro.hts_codes == ["4015.19", "3926.20"]


@pytest.mark.parametrize("role", ["importer", "admin"])
def test_only_staff_may_draft_a_wro(role):
    with nothing_written(), pytest.raises(ActionNotPermitted):
        orders.create_wro(actor=person(role), **draft_facts())


@pytest.mark.parametrize("bad, field", [
    ({"country": "XX"}, "country"),
    ({"country": "Malaysia"}, "country"),
    ({"hts_codes": ["40151"]}, "hts_codes"),
    ({"hts_codes": ["4015.19.05.10"]}, "hts_codes"),
    ({"merchandise": "  "}, "merchandise"),
    ({"reference": ""}, "reference"),
    ({"entity": None, "entity_name": ""}, "entity_name"),
    ({"entity": None}, "entity"),
    ({"confidence": "Q"}, "confidence"),
])
def test_draft_wro_with_bad_input_is_refused_and_nothing_saved(officer, bad, field):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.create_wro(actor=officer, **draft_facts(**bad))
    assert field in excinfo.value.message_dict


def test_every_problem_of_a_draft_is_reported_at_once(officer):
    with pytest.raises(ValidationError) as excinfo:
        orders.create_wro(actor=officer, **draft_facts(country="XX", merchandise=""))
    assert {"country", "merchandise"} <= set(excinfo.value.message_dict)


@pytest.mark.parametrize("used_by", [factories.WroFactory, factories.FindingFactory])
def test_reference_already_used_by_any_order_is_refused(officer, used_by):
    used_by(reference="WRO-2024-0001")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.create_wro(actor=officer, **draft_facts())
    assert "already used" in excinfo.value.message_dict["reference"][0]


def test_region_wide_order_needs_no_producer(officer):
    wro = orders.create_wro(actor=officer, **draft_facts(entity=None, entity_name="Xinjiang cotton",
                                                         is_region_wide=True, country="CN"))
    assert wro.is_region_wide and wro.entity is None


# --- activate, modify, revoke -------------------------------------------------------------------

def test_supervisor_activates_a_draft_from_its_effective_date(officer, supervisor):
    wro = orders.create_wro(actor=officer, **draft_facts())
    orders.activate_wro(actor=supervisor, wro=wro, effective_date=DAY)
    wro.refresh_from_db()
    assert (wro.status, wro.effective_date) == ("active", DAY)
    assert events(wro, "activate_wro") == 1


def test_activation_without_an_effective_date_is_refused(supervisor):
    wro = wro_in("draft")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.activate_wro(actor=supervisor, wro=wro, effective_date=None)
    assert "effective_date" in excinfo.value.message_dict
    wro.refresh_from_db()
    assert wro.status == "draft"


def test_modifying_a_wro_exempts_the_named_producer_and_keeps_it_partially_active(supervisor):
    wro, producer = wro_in("active"), factories.ForeignEntityFactory()
    orders.modify_wro(actor=supervisor, wro=wro, exempt_producer=producer, effective_date=DAY,
                      reason="Remediation verified by audit.")
    wro.refresh_from_db()
    assert (wro.status, wro.modified_date) == ("partially_active", DAY)
    exemption = OrderExemption.objects.get(wro=wro)
    assert (exemption.producer, exemption.effective_date) == (producer, DAY)
    event = AuditEvent.objects.get(object_id=str(wro.pk), action="modify_wro")
    assert event.after["exemption"]["producer"] == producer.pk
    assert event.reason == "Remediation verified by audit."


@pytest.mark.parametrize("bad, field", [
    ({"exempt_producer": None}, "exempt_producer"),
    ({"reason": ""}, "reason"),
    ({"effective_date": None}, "effective_date"),
    ({"effective_date": datetime.date(2020, 7, 14)}, "effective_date"),
    ({"petition": "another order's"}, "petition"),
])
def test_modification_with_bad_input_is_refused_and_nothing_saved(supervisor, bad, field):
    wro = wro_in("active")
    kwargs = {"exempt_producer": factories.ForeignEntityFactory(), "effective_date": DAY, "reason": "Remediated."}
    kwargs.update(bad)
    if kwargs.get("petition"):
        kwargs["petition"] = factories.ModificationPetitionFactory()
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.modify_wro(actor=supervisor, wro=wro, **kwargs)
    assert field in excinfo.value.message_dict
    wro.refresh_from_db()
    assert wro.status == "active"


def test_the_same_exemption_cannot_be_granted_twice(supervisor, org_a):
    wro = wro_in("active")
    orders.modify_wro(actor=supervisor, wro=wro, exempt_importer=org_a, effective_date=DAY, reason="Exited.")
    with nothing_written(), pytest.raises(ValidationError):
        orders.modify_wro(actor=supervisor, wro=wro, exempt_importer=org_a, effective_date=DAY, reason="Again.")


def test_revoking_a_wro_ends_coverage_from_the_effective_date(supervisor):
    wro = wro_in("partially_active")
    orders.revoke_wro(actor=supervisor, wro=wro, effective_date=DAY, reason="No longer imported.")
    wro.refresh_from_db()
    assert (wro.status, wro.inactive_since) == ("inactive", DAY)
    assert events(wro, "revoke_wro") == 1


@pytest.mark.parametrize("bad, field", [
    ({"reason": " "}, "reason"),
    ({"effective_date": datetime.date(2019, 1, 1)}, "effective_date"),
    ({"effective_date": None}, "effective_date"),
])
def test_revocation_with_bad_input_is_refused_and_nothing_saved(supervisor, bad, field):
    wro = wro_in("active")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.revoke_wro(actor=supervisor, wro=wro, **{"effective_date": DAY, "reason": "Gone.", **bad})
    assert field in excinfo.value.message_dict


# --- Findings ----------------------------------------------------------------------------------

def test_supervisor_publishes_a_standalone_finding(supervisor):
    facts = draft_facts(reference="FND-2024-0001")
    finding = orders.publish_finding(actor=supervisor, published_date=DAY, federal_register_citation="89 FR 100",
                                     **facts)
    assert (finding.status, finding.source_wro, finding.entity) == ("published", None, facts["entity"])
    assert events(finding, "publish_finding") == 1


def test_officer_cannot_publish_a_finding(officer):
    with nothing_written(), pytest.raises(ActionNotPermitted):
        orders.publish_finding(actor=officer, published_date=DAY, federal_register_citation="89 FR 100",
                               **draft_facts(reference="FND-2024-0001"))


def test_converting_a_wro_copies_its_facts_and_records_the_conversion_on_the_wro(supervisor):
    wro = wro_in("active", hts_codes=["4015.11", "4015.19"], source="CBP release")
    finding = orders.publish_finding(actor=supervisor, reference="FND-2024-0002", published_date=DAY,
                                     federal_register_citation="89 FR 101", source_wro=wro)
    assert finding.source_wro == wro
    assert (finding.entity, finding.entity_name, finding.country) == (wro.entity, wro.entity_name, wro.country)
    assert (finding.hts_codes, finding.merchandise, finding.source) == (wro.hts_codes, wro.merchandise, "CBP release")
    assert events(wro, "convert_to_finding") == 1
    wro.refresh_from_db()
    assert wro.status == "active"


def test_a_wro_is_converted_to_a_finding_only_once(supervisor):
    wro = wro_in("active")
    factories.FindingFactory(source_wro=wro)
    with nothing_written(), pytest.raises(InvalidTransition) as excinfo:
        orders.publish_finding(actor=supervisor, reference="FND-2024-0003", published_date=DAY,
                               federal_register_citation="", source_wro=wro)
    assert "already published" in str(excinfo.value)


def test_a_finding_from_another_order_does_not_stop_a_conversion(supervisor):
    # 19 CFR 12.42(f): each order is converted on its own evidence; another order's Finding says nothing of it.
    factories.FindingFactory(source_wro=wro_in("active", reference="WRO-2024-0042"))
    wro = wro_in("active")
    finding = orders.publish_finding(actor=supervisor, reference="FND-2024-0004", published_date=DAY,
                                     federal_register_citation="", source_wro=wro)
    assert finding.source_wro == wro


def test_finding_cannot_precede_the_wro_it_converts(supervisor):
    wro = wro_in("active")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.publish_finding(actor=supervisor, reference="FND-2024-0004", published_date=datetime.date(2020, 1, 1),
                               federal_register_citation="", source_wro=wro)
    assert "published_date" in excinfo.value.message_dict


def test_modifying_a_finding_exempts_the_importer(supervisor, org_a):
    finding = finding_in("published")
    orders.modify_finding(actor=supervisor, finding=finding, exempt_importer=org_a, effective_date=DAY,
                          reason="Importer's supply chain remediated.")
    finding.refresh_from_db()
    assert (finding.status, finding.modified_date) == ("modified", DAY)
    assert OrderExemption.objects.get(finding=finding).importer == org_a
    assert events(finding, "modify_finding") == 1


def test_finding_marked_no_longer_necessary_stops_covering_from_that_date(supervisor):
    finding = finding_in("modified")
    orders.mark_finding_no_longer_necessary(actor=supervisor, finding=finding, effective_date=DAY, reason="Lifted.")
    finding.refresh_from_db()
    assert (finding.status, finding.inactive_since) == ("no_longer_necessary", DAY)
    assert events(finding, "mark_finding_no_longer_necessary") == 1


# --- Petitions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("order_factory", [factories.WroFactory, factories.FindingFactory])
def test_staff_records_a_petition_against_an_order_in_force(officer, order_factory):
    order = order_factory()
    petition = orders.submit_petition(actor=officer, order=order, petitioner="Glove Co.", grounds="Remediated.",
                                      exempt_producer=order.entity, submitted_on=DAY)
    assert (petition.status, petition.order, petition.exempt_producer) == ("submitted", order, order.entity)
    assert events(petition, "submit_petition") == 1


def test_importer_cannot_record_a_petition(importer_a):
    wro = wro_in("active")
    with nothing_written(), pytest.raises(ActionNotPermitted):
        orders.submit_petition(actor=importer_a, order=wro, petitioner="Us", grounds="Clean.",
                               full_revocation=True, submitted_on=DAY)


@pytest.mark.parametrize("order", ["draft wro", "inactive wro", "no_longer_necessary finding"])
def test_petition_against_an_order_not_in_force_is_refused(officer, order):
    state, kind = order.split()
    order = wro_in(state) if kind == "wro" else finding_in(state)
    with nothing_written(), pytest.raises(InvalidTransition):
        orders.submit_petition(actor=officer, order=order, petitioner="Glove Co.", grounds="Remediated.",
                               full_revocation=True, submitted_on=DAY)


@pytest.mark.parametrize("bad, field", [
    ({"grounds": ""}, "grounds"),
    ({"petitioner": ""}, "petitioner"),
    ({"full_revocation": True}, "full_revocation"),
    ({"exempt_producer": None}, "exempt_producer"),
    ({"submitted_on": datetime.date(2099, 1, 1)}, "submitted_on"),
    ({"submitted_on": datetime.date(2020, 7, 1)}, "submitted_on"),
    ({"submitted_on": None}, "submitted_on"),
])
def test_petition_with_bad_input_is_refused_and_nothing_saved(officer, bad, field):
    wro = wro_in("active")
    kwargs = {"petitioner": "Glove Co.", "grounds": "Remediated.", "exempt_producer": wro.entity,
              "submitted_on": DAY, **bad}
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.submit_petition(actor=officer, order=wro, **kwargs)
    assert field in excinfo.value.message_dict


def test_officer_starts_the_review_of_a_petition(officer):
    petition = factories.ModificationPetitionFactory()
    orders.start_petition_review(actor=officer, petition=petition)
    petition.refresh_from_db()
    assert petition.status == "under_review"
    assert events(petition, "start_petition_review") == 1


def _reviewed_petition(order, **kw):
    if isinstance(order, WithholdReleaseOrder):
        return factories.ModificationPetitionFactory(wro=order, status="under_review", **kw)
    return factories.ModificationPetitionFactory(wro=None, finding=order, status="under_review", **kw)


def test_granting_a_partial_petition_exempts_its_producer_from_the_wro(supervisor):
    wro = wro_in("active")
    petition = _reviewed_petition(wro)
    orders.decide_petition(actor=supervisor, petition=petition, grant=True, reason="Audit verified.",
                           decided_on=DECIDED)
    petition.refresh_from_db()
    wro.refresh_from_db()
    assert (petition.status, petition.decided_by, petition.decided_on) == ("granted", supervisor, DECIDED)
    assert wro.status == "partially_active"
    exemption = OrderExemption.objects.get(wro=wro)
    assert (exemption.producer, exemption.petition, exemption.effective_date) == (wro.entity, petition, DECIDED)
    assert events(petition, "decide_petition") == 1 and events(wro, "modify_wro") == 1


def test_granting_full_revocation_revokes_the_wro(supervisor):
    wro = wro_in("partially_active")
    petition = _reviewed_petition(wro, full_revocation=True, exempt_producer=None)
    orders.decide_petition(actor=supervisor, petition=petition, grant=True, reason="No longer imported.",
                           decided_on=DECIDED)
    wro.refresh_from_db()
    assert (wro.status, wro.inactive_since) == ("inactive", DECIDED)
    assert events(wro, "revoke_wro") == 1


def test_granting_a_partial_petition_modifies_the_finding(supervisor, org_a):
    finding = finding_in("published")
    petition = _reviewed_petition(finding, exempt_producer=None, exempt_importer=org_a)
    orders.decide_petition(actor=supervisor, petition=petition, grant=True, reason="Remediated.", decided_on=DECIDED)
    finding.refresh_from_db()
    assert finding.status == "modified"
    assert OrderExemption.objects.get(finding=finding).importer == org_a


def test_granting_full_revocation_marks_the_finding_no_longer_necessary(supervisor):
    finding = finding_in("modified")
    petition = _reviewed_petition(finding, full_revocation=True, exempt_producer=None)
    orders.decide_petition(actor=supervisor, petition=petition, grant=True, reason="Lifted.", decided_on=DECIDED)
    finding.refresh_from_db()
    assert (finding.status, finding.inactive_since) == ("no_longer_necessary", DECIDED)


def test_denying_a_petition_leaves_the_order_unchanged(supervisor):
    wro = wro_in("active")
    petition = _reviewed_petition(wro)
    orders.decide_petition(actor=supervisor, petition=petition, grant=False, reason="Evidence insufficient.",
                           decided_on=DECIDED)
    petition.refresh_from_db()
    wro.refresh_from_db()
    assert (petition.status, petition.decision_reason) == ("denied", "Evidence insufficient.")
    assert wro.status == "active" and not OrderExemption.objects.exists()
    assert events(petition, "decide_petition") == 1


@pytest.mark.parametrize("bad, field", [
    ({"reason": ""}, "reason"),
    ({"decided_on": datetime.date(2024, 4, 30)}, "decided_on"),
    ({"decided_on": datetime.date(2099, 1, 1)}, "decided_on"),
    ({"decided_on": None}, "decided_on"),
])
def test_decision_with_bad_input_is_refused_and_nothing_saved(supervisor, bad, field):
    petition = _reviewed_petition(wro_in("active"))
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        orders.decide_petition(actor=supervisor, petition=petition, **{"grant": True, "reason": "Ok.",
                                                                      "decided_on": DECIDED, **bad})
    assert field in excinfo.value.message_dict


def test_grant_on_an_order_revoked_meanwhile_is_refused_and_the_petition_stays_under_review(supervisor):
    wro = wro_in("inactive")
    petition = _reviewed_petition(wro)
    with nothing_written(), pytest.raises(InvalidTransition):
        orders.decide_petition(actor=supervisor, petition=petition, grant=True, reason="Ok.", decided_on=DECIDED)
    petition.refresh_from_db()
    assert petition.status == "under_review"


# --- Every edge of the WRO, FINDING and PETITION tables -------------------------------------------

def _wro_action(action, actor, wro):
    producer = factories.ForeignEntityFactory()
    return {
        "activate": lambda: orders.activate_wro(actor=actor, wro=wro, effective_date=DAY),
        "modify": lambda: orders.modify_wro(actor=actor, wro=wro, exempt_producer=producer, effective_date=DAY,
                                            reason="Remediated."),
        "revoke": lambda: orders.revoke_wro(actor=actor, wro=wro, effective_date=DAY, reason="Revoked."),
        "convert_to_finding": lambda: orders.publish_finding(
            actor=actor, reference="FND-2024-0099", published_date=DAY, federal_register_citation="",
            source_wro=wro),
    }[action]


# domain.md section 4: draft -> active -> partially_active -> inactive; active -> converted to a Finding.
WRO_EDGES = {
    ("activate", "draft"): "active",
    ("modify", "active"): "partially_active", ("modify", "partially_active"): "partially_active",
    ("revoke", "active"): "inactive", ("revoke", "partially_active"): "inactive",
    ("convert_to_finding", "active"): "active", ("convert_to_finding", "partially_active"): "partially_active",
}
WRO_CASES = [(a, s) for a in ("activate", "modify", "revoke", "convert_to_finding") for s in models.WroStatus.values]


def test_the_wro_table_has_exactly_the_actions_walked_here():
    assert set(workflows.WRO.by_action) == {a for a, _ in WRO_CASES}


@pytest.mark.parametrize("action, state", WRO_CASES)
def test_wro_edge(supervisor, action, state):
    wro = wro_in(state)
    call = _wro_action(action, supervisor, wro)
    if (action, state) not in WRO_EDGES:
        with nothing_written(), pytest.raises(InvalidTransition):
            call()
        return
    call()
    wro.refresh_from_db()
    assert wro.status == WRO_EDGES[action, state]
    assert Finding.objects.filter(source_wro=wro).exists() == (action == "convert_to_finding")


@pytest.mark.parametrize("action", ["activate", "modify", "revoke", "convert_to_finding"])
@pytest.mark.parametrize("role", ["officer", "importer", "admin"])
def test_only_a_supervisor_takes_wro_actions(action, role):
    wro = wro_in(next(s for (a, s) in WRO_EDGES if a == action))
    call = _wro_action(action, person(role), wro)
    with nothing_written(), pytest.raises(ActionNotPermitted):
        call()


def _finding_action(action, actor, finding):
    if action == "modify":
        return lambda: orders.modify_finding(actor=actor, finding=finding, description="Top Glove exempted",
                                             effective_date=DAY, reason="Remediated.")
    return lambda: orders.mark_finding_no_longer_necessary(actor=actor, finding=finding, effective_date=DAY,
                                                           reason="Lifted.")


FINDING_EDGES = {
    ("modify", "published"): "modified", ("modify", "modified"): "modified",
    ("mark_no_longer_necessary", "published"): "no_longer_necessary",
    ("mark_no_longer_necessary", "modified"): "no_longer_necessary",
}
FINDING_CASES = [(a, s) for a in ("modify", "mark_no_longer_necessary") for s in models.FindingStatus.values]


def test_the_finding_table_has_exactly_the_actions_walked_here():
    assert set(workflows.FINDING.by_action) == {a for a, _ in FINDING_CASES}


@pytest.mark.parametrize("action, state", FINDING_CASES)
def test_finding_edge(supervisor, action, state):
    finding = finding_in(state)
    call = _finding_action(action, supervisor, finding)
    if (action, state) not in FINDING_EDGES:
        with nothing_written(), pytest.raises(InvalidTransition):
            call()
        return
    call()
    finding.refresh_from_db()
    assert finding.status == FINDING_EDGES[action, state]


@pytest.mark.parametrize("action", ["modify", "mark_no_longer_necessary"])
@pytest.mark.parametrize("role", ["officer", "importer", "admin"])
def test_only_a_supervisor_takes_finding_actions(action, role):
    call = _finding_action(action, person(role), finding_in("published"))
    with nothing_written(), pytest.raises(ActionNotPermitted):
        call()


def _petition_action(action, actor, petition):
    if action == "start_review":
        return lambda: orders.start_petition_review(actor=actor, petition=petition)
    return lambda: orders.decide_petition(actor=actor, petition=petition, grant=action == "grant",
                                          reason="Decided on the record.", decided_on=DECIDED)


PETITION_EDGES = {("start_review", "submitted"): "under_review", ("grant", "under_review"): "granted",
                  ("deny", "under_review"): "denied"}
PETITION_CASES = [(a, s) for a in ("start_review", "grant", "deny") for s in models.PetitionStatus.values]


def test_the_petition_table_has_exactly_the_actions_walked_here():
    assert set(workflows.PETITION.by_action) == {a for a, _ in PETITION_CASES}


@pytest.mark.parametrize("action, state", PETITION_CASES)
def test_petition_edge(supervisor, action, state):
    petition = factories.ModificationPetitionFactory(status=state)
    call = _petition_action(action, supervisor, petition)
    if (action, state) not in PETITION_EDGES:
        with nothing_written(), pytest.raises(InvalidTransition):
            call()
        return
    call()
    petition.refresh_from_db()
    assert petition.status == PETITION_EDGES[action, state]


@pytest.mark.parametrize("action, role", [
    ("start_review", "importer"), ("start_review", "admin"),
    ("grant", "officer"), ("grant", "importer"), ("grant", "admin"),
    ("deny", "officer"), ("deny", "importer"), ("deny", "admin"),
])
def test_petition_action_refused_to_the_wrong_role(action, role):
    state = "submitted" if action == "start_review" else "under_review"
    call = _petition_action(action, person(role), factories.ModificationPetitionFactory(status=state))
    with nothing_written(), pytest.raises(ActionNotPermitted):
        call()


# --- orders_covering ---------------------------------------------------------------------------

def covering(*, producer, importer=None, hts=("4015.19.0510",), country="MY", on=DAY):
    return orders.orders_covering(country=country, hts_codes=list(hts), producer=producer, importer=importer,
                                  importation_date=on)


def test_order_covers_codes_under_its_headings_only():
    wro = wro_in("active", hts_codes=["4015.19"])
    assert covering(producer=wro.entity, hts=["4015.19.0510"]) == [wro]
    assert covering(producer=wro.entity, hts=["4015.11.0150"]) == []


def test_order_without_headings_covers_all_merchandise_of_its_producer():
    wro = wro_in("active", hts_codes=[])
    assert covering(producer=wro.entity, hts=["9503.00.0073"]) == [wro]


def test_order_covers_only_its_producer_and_country():
    wro = wro_in("active")
    assert covering(producer=factories.ForeignEntityFactory()) == []
    assert covering(producer=wro.entity, country="TH") == []
    assert covering(producer=wro.entity.pk) == [wro]


def test_region_wide_order_covers_every_producer_of_its_country():
    wro = wro_in("active", entity=None, entity_name="Cotton of Turkmenistan", is_region_wide=True, country="TM",
                 hts_codes=["5201"])
    assert covering(producer=factories.ForeignEntityFactory(country="TM"), country="TM",
                    hts=["5201.00.1800"]) == [wro]
    assert covering(producer=None, country="TM", hts=["5201.00.1800"]) == [wro]


def test_exemption_of_the_producer_applies_from_its_effective_date(supervisor):
    wro = wro_in("active")
    orders.modify_wro(actor=supervisor, wro=wro, exempt_producer=wro.entity, effective_date=DAY, reason="Clean.")
    assert covering(producer=wro.entity, on=DAY) == []
    assert covering(producer=wro.entity, on=DAY - datetime.timedelta(days=1)) == [wro]


def test_exemption_of_an_importer_spares_only_that_importer(supervisor, org_a, org_b):
    wro = wro_in("active")
    orders.modify_wro(actor=supervisor, wro=wro, exempt_importer=org_a, effective_date=DAY, reason="Clean.")
    assert covering(producer=wro.entity, importer=org_a) == []
    assert covering(producer=wro.entity, importer=org_b) == [wro]


def test_exemption_naming_producer_and_importer_spares_only_that_pair(supervisor, org_a, org_b):
    wro = wro_in("active", is_region_wide=True)
    other = factories.ForeignEntityFactory()
    orders.modify_wro(actor=supervisor, wro=wro, exempt_producer=other, exempt_importer=org_a,
                      effective_date=DAY, reason="Clean.")
    assert covering(producer=other, importer=org_a) == []
    assert covering(producer=other, importer=org_b) == [wro]
    assert covering(producer=wro.entity, importer=org_a) == [wro]


def test_exemption_described_only_in_words_spares_nobody(supervisor):
    wro = wro_in("active")
    orders.modify_wro(actor=supervisor, wro=wro, description="Modified for a subsidiary", effective_date=DAY,
                      reason="Published modification.")
    assert covering(producer=wro.entity) == [wro]


def test_order_does_not_cover_imports_before_it_took_effect_or_once_inactive():
    wro = wro_in("inactive", effective_date=datetime.date(2020, 7, 15), inactive_since=datetime.date(2023, 1, 1))
    assert covering(producer=wro.entity, on=datetime.date(2020, 7, 14)) == []
    assert covering(producer=wro.entity, on=datetime.date(2022, 12, 31)) == [wro]
    assert covering(producer=wro.entity, on=datetime.date(2023, 1, 1)) == []


def test_draft_order_never_covers_even_with_a_proposed_effective_date():
    wro = wro_in("draft", effective_date=datetime.date(2020, 1, 1))
    assert covering(producer=wro.entity) == []


def test_finding_covers_from_publication_and_supersedes_the_wro_it_converted(supervisor):
    wro = wro_in("active")
    finding = orders.publish_finding(actor=supervisor, reference="FND-2024-0010", published_date=DAY,
                                     federal_register_citation="89 FR 1", source_wro=wro)
    assert covering(producer=wro.entity, on=DAY - datetime.timedelta(days=1)) == [wro]
    assert covering(producer=wro.entity, on=DAY) == [finding]


def test_finding_no_longer_necessary_stops_covering(supervisor):
    finding = finding_in("published")
    orders.mark_finding_no_longer_necessary(actor=supervisor, finding=finding, effective_date=DAY, reason="Lifted.")
    assert covering(producer=finding.entity, on=DAY - datetime.timedelta(days=1)) == [finding]
    assert covering(producer=finding.entity, on=DAY) == []
