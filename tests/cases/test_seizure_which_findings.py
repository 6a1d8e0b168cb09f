"""Which Findings reach goods excluded under a WRO and still in custody, and their exemptions (19 CFR 12.42(f),
12.44(b); domain.md sections 1 and 4: a Finding covers its producer's goods, or a region's, within its country and
HTSUS scope, from its publication until it ends; a modification may exempt one producer or importer).

Expected values come from those rules and docs/seizure.md, written by hand in the tables below: which Finding a
proposal names, or the words of the refusal. Every Finding is recorded through the order services.
"""

import datetime

import pytest
from django.urls import reverse

from cases.errors import InvalidTransition
from cases.models import AuditEvent, Decision, Finding
from cases.services import decisions, orders
from cases.services.support import today
from cases.workflows import allowed_actions
from tests import factories
from tests.api.conftest import client_for
from tests.cases import helpers

pytestmark = pytest.mark.django_db
REASONS = "The Finding covers these gloves; they are still in the bonded warehouse."
CONVERTED, SEPARATE, SECOND = "FIN-2026-0101", "FIN-2026-0202", "FIN-2026-0303"


@pytest.fixture
def people(officer, supervisor, importer_a):
    other = factories.UserFactory(role="supervisor", username="supervisor2", port_code=supervisor.port_code)
    return {"officer": officer, "supervisor": supervisor, "supervisor2": other, "importer": importer_a}


@pytest.fixture(autouse=True)
def enabled(settings):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True


def _excluded(people):
    """Gloves of a Malaysian producer (HTSUS 4015.19.0510) excluded under a WRO naming that producer."""
    return helpers._fresh(helpers.in_state("excluded", officer=people["officer"], supervisor=people["supervisor"],
                                           importer_user=people["importer"], basis="wro"))


def _day(detention, days=0):
    return today(detention.port_code) + datetime.timedelta(days=days)


def _convert(people, detention, days=0):
    return helpers.publish_later_finding(detention, people["supervisor"], published_date=_day(detention, days))


def _publish(people, detention, reference=SEPARATE, *, producer=None, hts=("4015.19",), days=0, region=False):
    """A Finding published on its own (no WRO converted), by default for the goods' producer and heading."""
    return orders.publish_finding(
        actor=people["supervisor"], reference=reference, published_date=_day(detention, days),
        federal_register_citation="91 FR 2345", entity=None if region else (producer or detention.shipment.producer),
        entity_name="Malaysia (region)" if region else "", is_region_wide=region, merchandise="Disposable gloves",
        country="MY", hts_codes=list(hts))


def _exempt_producer(people, detention, finding):
    orders.modify_finding(actor=people["supervisor"], finding=finding, exempt_producer=detention.shipment.producer,
                          effective_date=_day(detention), reason="Remediation verified.")


def _grant_importer_petition(people, detention, finding, importer=None):
    petition = orders.submit_petition(
        actor=people["officer"], order=finding, petitioner="Glove Importers LLC", grounds="Audited supply chain.",
        exempt_importer=importer or detention.shipment.importer, submitted_on=_day(detention))
    orders.start_petition_review(actor=people["officer"], petition=petition)
    orders.decide_petition(actor=people["supervisor"], petition=petition, grant=True, reason="Shown.",
                           decided_on=_day(detention))


def _arrange(case, people, detention):
    if case == "converted":
        _convert(people, detention)
    elif case == "separately_published":
        _publish(people, detention)
    elif case == "region_wide":
        _publish(people, detention, region=True)
    elif case == "other_producer":
        _publish(people, detention, producer=factories.ForeignEntityFactory())
    elif case == "out_of_hts_scope":
        _publish(people, detention, hts=("6116.10",))
    elif case == "separate_not_yet_in_force":
        _publish(people, detention, days=1)
    elif case == "converted_not_yet_in_force":
        _convert(people, detention, days=1)
    elif case == "revoked":
        finding = _convert(people, detention)
        orders.mark_finding_no_longer_necessary(actor=people["supervisor"], finding=finding,
                                                effective_date=_day(detention), reason="Remediated.")
    elif case == "exempted_producer":
        _exempt_producer(people, detention, _convert(people, detention))
    elif case == "exempted_importer":
        _grant_importer_petition(people, detention, _publish(people, detention))
    elif case == "other_importer_exempted":
        _grant_importer_petition(people, detention, _publish(people, detention),
                                 importer=factories.ImporterOrganisationFactory())
    elif case == "exempted_from_one_of_two":
        _exempt_producer(people, detention, _convert(people, detention))
        _publish(people, detention)
    else:
        raise ValueError(case)


# (case, the Finding the proposal names): the Finding is in force today, its producer (or its region), country and
# HTSUS heading take in the goods, and it exempts neither their producer nor their importer.
COVERED = [
    ("converted", CONVERTED),
    ("separately_published", SEPARATE),
    ("region_wide", SEPARATE),
    ("other_importer_exempted", SEPARATE),
    ("exempted_from_one_of_two", SEPARATE),
]

# (case, what the refusal says).
REFUSED = [
    ("other_producer", "no Finding in force today covers these goods"),
    ("out_of_hts_scope", "no Finding in force today covers these goods"),
    ("separate_not_yet_in_force", "no Finding in force today covers these goods"),
    ("converted_not_yet_in_force", f"the Finding {CONVERTED} is not in force today: it takes effect on its "
                                   "publication"),
    ("revoked", f"the Finding {CONVERTED} is not in force today (inactive since"),
    ("exempted_producer", f"is exempted from Finding {CONVERTED}"),
    ("exempted_importer", f"is exempted from Finding {SEPARATE}"),
]


@pytest.mark.parametrize(("case", "reference"), COVERED)
def test_a_finding_in_force_covering_the_goods_is_named_by_the_proposal(people, case, reference):
    detention = _excluded(people)
    _arrange(case, people, detention)
    assert "propose_seizure_under_finding" in allowed_actions(people["officer"], helpers._fresh(detention))
    decision = decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                                       reasons=REASONS)
    assert decision.finding.reference == reference
    event = AuditEvent.objects.get(action="propose_seizure_under_finding", object_id=str(decision.pk))
    assert event.after["finding"] == reference


@pytest.mark.parametrize(("case", "words"), REFUSED)
def test_no_finding_covering_the_goods_refuses_the_proposal_and_changes_nothing(people, case, words):
    detention = _excluded(people)
    _arrange(case, people, detention)
    detention = helpers._fresh(detention)
    before = helpers.world()
    with pytest.raises(InvalidTransition) as refused:
        decisions.propose_seizure_under_finding(actor=people["officer"], detention=detention, reasons=REASONS)
    assert words in refused.value.message
    assert helpers.world() == before
    assert "propose_seizure_under_finding" not in allowed_actions(people["officer"], detention)


def test_the_refusal_names_the_exempted_producer_and_the_granted_petition(people):
    detention = _excluded(people)
    _grant_importer_petition(people, detention, _convert(people, detention))
    with pytest.raises(InvalidTransition) as refused:
        decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                                reasons=REASONS)
    importer = detention.shipment.importer.name
    assert f"the importer {importer} is exempted from Finding {CONVERTED}" in refused.value.message
    assert "modification petition of Glove Importers LLC granted on" in refused.value.message

    other = _excluded(people)
    _exempt_producer(people, other, _publish(people, other))
    with pytest.raises(InvalidTransition, match=f"the producer {other.shipment.producer.name} is exempted"):
        decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(other),
                                                reasons=REASONS)


# --- Several Findings: the proposal names one ---------------------------------------------------------------

def test_with_several_findings_the_converted_one_is_the_default_and_another_may_be_chosen(people):
    detention = _excluded(people)
    _convert(people, detention)
    separate = _publish(people, detention)
    default = decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                                      reasons=REASONS)
    assert default.finding.reference == CONVERTED
    decisions.send_back_decision(actor=people["supervisor"], detention=helpers._fresh(detention), reason="Other.")
    chosen = decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                                     reasons=REASONS, finding=separate)
    assert chosen.finding == separate


def test_several_findings_none_converted_must_be_chosen(people):
    detention = _excluded(people)
    _publish(people, detention)
    _publish(people, detention, SECOND, hts=("4015",))
    before = helpers.world()
    with pytest.raises(decisions.ValidationError) as refused:
        decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                                reasons=REASONS)
    assert "Several Findings cover these goods" in str(refused.value)
    assert SEPARATE in str(refused.value) and SECOND in str(refused.value)
    assert helpers.world() == before


def test_a_chosen_finding_that_does_not_cover_the_goods_is_refused(people):
    detention = _excluded(people)
    _convert(people, detention)
    elsewhere = _publish(people, detention, producer=factories.ForeignEntityFactory())
    before = helpers.world()
    with pytest.raises(decisions.ValidationError) as refused:
        decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                                reasons=REASONS, finding=elsewhere)
    assert f"{SEPARATE} does not cover these goods" in str(refused.value)
    assert helpers.world() == before


# --- The approval checks the named Finding again ---------------------------------------------------------------

def test_a_seizure_under_a_separately_published_finding_is_approved_and_named(people):
    detention = _excluded(people)
    _publish(people, detention)
    decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                            reasons=REASONS)
    decisions.approve_decision(actor=people["supervisor"], detention=helpers._fresh(detention))
    assert helpers._fresh(detention).status == "seized"
    assert AuditEvent.objects.get(action="supersede_exclusion", object_id=str(detention.pk)).after["finding"] == \
        SEPARATE


def test_the_approval_is_refused_when_the_named_finding_exempted_the_importer_since(people):
    detention = _excluded(people)
    _convert(people, detention)
    separate = _publish(people, detention)
    decisions.propose_seizure_under_finding(actor=people["officer"], detention=helpers._fresh(detention),
                                            reasons=REASONS, finding=separate)
    _grant_importer_petition(people, detention, separate)
    before = helpers.world()
    with pytest.raises(InvalidTransition, match=f"is exempted from Finding {SEPARATE}"):
        decisions.approve_decision(actor=people["supervisor"], detention=helpers._fresh(detention))
    assert helpers.world() == before
    assert helpers._fresh(detention).status == "excluded"


# --- API and page ---------------------------------------------------------------------------------------------

PATH = "/api/v1/detentions/{}/propose-seizure-under-finding/"


def test_the_api_takes_the_chosen_finding_and_answers_400_for_one_that_does_not_cover(people):
    detention = _excluded(people)
    _convert(people, detention)
    separate = _publish(people, detention)
    elsewhere = _publish(people, detention, SECOND, producer=factories.ForeignEntityFactory())
    api = client_for(people["officer"])
    answer = api.post(PATH.format(detention.pk), {"reasons": REASONS, "finding": elsewhere.pk}, format="json")
    assert answer.status_code == 400, answer.content
    assert "does not cover these goods" in answer.content.decode()
    assert not Decision.objects.filter(detention=detention).exclude(outcome="exclude").exists()
    answer = api.post(PATH.format(detention.pk), {"reasons": REASONS, "finding": separate.pk}, format="json")
    assert answer.status_code in (200, 201), answer.content
    assert Decision.objects.get(detention=detention, status="proposed").finding == separate


def test_the_case_page_offers_a_choice_only_when_several_findings_cover_the_goods(people, client):
    detention = _excluded(people)
    _publish(people, detention)
    client.force_login(people["officer"])
    page = client.get(reverse("detention", args=[detention.pk])).content.decode()
    assert f"Finding {SEPARATE}" in page and "on its own for the same producer and goods" in page
    assert 'name="finding"' not in page

    converted = _convert(people, detention)
    page = client.get(reverse("detention", args=[detention.pk])).content.decode()
    assert 'name="finding"' in page
    assert f'value="{converted.pk}" selected' in page  # the converted one is the default
    chosen = Finding.objects.get(reference=SEPARATE)
    response = client.post(reverse("detention-seize-under-finding", args=[detention.pk]),
                           {"reasons": REASONS, "finding": chosen.pk, "version": helpers._fresh(detention).version},
                           follow=True)
    assert "Seizure proposed" in response.content.decode()
    assert Decision.objects.get(detention=detention, status="proposed").finding == chosen


def test_the_case_page_says_which_exemption_refuses_the_seizure(people, client):
    detention = _excluded(people)
    _exempt_producer(people, detention, _convert(people, detention))
    client.force_login(people["officer"])
    url = reverse("detention-seize-under-finding", args=[detention.pk])
    assert url not in client.get(reverse("detention", args=[detention.pk])).content.decode()
    response = client.post(url, {"reasons": REASONS, "version": helpers._fresh(detention).version}, follow=True)
    assert f"the producer {detention.shipment.producer.name} is exempted from Finding {CONVERTED}" in \
        response.content.decode()
    assert not Decision.objects.filter(detention=detention, status="proposed").exists()
