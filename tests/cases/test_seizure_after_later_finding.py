"""Seizure of goods excluded under a WRO once a Finding converted from that WRO covers them and they are
still in CBP custody (19 CFR 12.42(f), 12.44(b); domain.md marks the "goods still in custody" reach [S]).

Behind the setting CASES_SEIZURE_AFTER_LATER_FINDING (default off). An officer proposes, a different supervisor
approves (four eyes, domain.md section 4); the approval opens the seizure record (open_seizure) and ends the
exclusion's abandonment clock and protest window. Expected values come from docs/seizure.md and the rules cited.
"""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, Decision, Notification, Seizure
from cases.services import decisions, orders
from cases.services.support import today
from cases.timeline import case_timeline
from cases.workflows import allowed_actions
from tests import factories
from tests.api.conftest import client_for
from tests.cases import helpers

pytestmark = pytest.mark.django_db
REASONS = "Finding FIN-2026-0101 now covers these gloves; they are still in the bonded warehouse."


@pytest.fixture
def people(officer, supervisor, importer_a):
    other = factories.UserFactory(role="supervisor", username="supervisor2", port_code=supervisor.port_code)
    return {"officer": officer, "supervisor": supervisor, "supervisor2": other, "importer": importer_a}


@pytest.fixture
def enabled(settings):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True
    return settings


def _excluded(people, *, basis="wro", finding=True, **kw):
    detention = helpers.in_state("excluded", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"], basis=basis, **kw)
    if finding:
        helpers.publish_later_finding(detention, people["supervisor"])
    return helpers._fresh(detention)


def _propose(people, detention, who="officer"):
    return decisions.propose_seizure_under_finding(actor=people[who], detention=detention, reasons=REASONS)


def test_the_setting_is_off_by_default():
    # The reach to goods still in custody rests on a secondary source (domain.md [S]): the agency turns it on.
    assert django_settings.CASES_SEIZURE_AFTER_LATER_FINDING is False


# --- Allowed: proposed, approved by another supervisor, seized -------------------------------------------

def test_excluded_goods_under_a_later_finding_are_seized_on_four_eyes(people, enabled):
    detention = _excluded(people)
    assert "propose_seizure_under_finding" in allowed_actions(people["officer"], detention)
    decision = _propose(people, detention)
    assert (decision.status, decision.outcome) == ("proposed", "seize")
    assert helpers._fresh(detention).status == "excluded"  # nothing happens before the approval
    assert Notification.objects.filter(kind="decision_proposed", recipient=people["supervisor"]).exists()

    decisions.approve_decision(actor=people["supervisor"], detention=helpers._fresh(detention))

    detention = helpers._fresh(detention)
    assert (detention.status, detention.decided_on) == ("seized", today(detention.port_code))
    assert Seizure.objects.get(detention=detention).status == "awaiting_record"
    # 19 CFR 12.44(a)-(b): seized, not abandoned; the remedies are now the seizure's (19 U.S.C. 1618, 1608).
    for kind in ("abandonment", "protest_filing"):
        assert Deadline.objects.get(detention=detention, kind=kind).state == "cancelled"
    supersede = AuditEvent.objects.get(action="supersede_exclusion", object_id=str(detention.pk))
    assert supersede.after["finding"] == "FIN-2026-0101"


def test_the_timeline_tells_the_proposal_and_the_replaced_exclusion(people, enabled):
    detention = _excluded(people)
    _propose(people, detention)
    decisions.approve_decision(actor=people["supervisor"], detention=helpers._fresh(detention))
    events = AuditEvent.objects.filter(detention=detention).order_by("sequence")
    sentences = [sentence for _, sentence in case_timeline(events)]
    assert sum("proposed seizing the excluded goods under the Finding" in s for s in sentences) == 1
    assert any("replaced the exclusion by the seizure under the Finding" in s for s in sentences)


@pytest.mark.parametrize("approver", ["officer_as_proposer", "supervisor_as_proposer"])
def test_the_proposer_cannot_approve_the_seizure(people, enabled, approver):
    proposer = "officer" if approver == "officer_as_proposer" else "supervisor"
    detention = _excluded(people)
    _propose(people, detention, who=proposer)
    with pytest.raises(ActionNotPermitted):
        decisions.approve_decision(actor=people[proposer], detention=helpers._fresh(detention))
    decisions.approve_decision(actor=people["supervisor2"], detention=helpers._fresh(detention))
    assert helpers._fresh(detention).status == "seized"


def test_a_seizure_sent_back_leaves_the_goods_excluded(people, enabled):
    detention = _excluded(people)
    _propose(people, detention)
    decisions.send_back_decision(actor=people["supervisor"], detention=helpers._fresh(detention), reason="Cite it.")
    detention = helpers._fresh(detention)
    assert detention.status == "excluded"
    assert Deadline.objects.get(detention=detention, kind="abandonment").state == "open"


def test_a_proposal_not_approved_before_the_abandonment_lapses_with_it(people, enabled):
    detention = _excluded(people, on=helpers.days_ago(70))
    _propose(people, detention)
    from cases.services import detentions  # noqa: PLC0415

    clock = Deadline.objects.get(detention=detention, kind="abandonment")
    detentions.record_abandonment(detention=helpers._fresh(detention), lapsed_on=clock.due_date)
    assert Decision.objects.get(detention=detention, outcome="seize").status == "sent_back"


# --- Refused, with the reason, and nothing changes --------------------------------------------------------

def _no_longer_in_force(people, detention):
    finding = detention.wro.finding
    orders.mark_finding_no_longer_necessary(actor=people["supervisor"], finding=finding,
                                            effective_date=finding.published_date, reason="Remediated.")


# (case, setting, what is said): docs/seizure.md "Seizure under a Finding published after the exclusion".
REFUSALS = [
    ("setting_off", False, "turned off"),
    ("no_finding", True, "no Finding in force today covers these goods"),
    ("finding_no_longer_in_force", True, "not in force today"),
    ("not_under_a_wro", True, "not excluded under a WRO"),
    ("exported", True, "exported"),
    ("abandoned", True, "abandoned"),
    ("protest_pending", True, "protest is pending"),
]


def _arrange(case, people):
    if case == "no_finding":
        return _excluded(people, finding=False)
    if case == "not_under_a_wro":
        return _excluded(people, basis="caatsa", finding=False)
    if case in ("exported", "abandoned"):
        return helpers.in_state(case, officer=people["officer"], supervisor=people["supervisor"],
                                importer_user=people["importer"], basis="wro")
    detention = _excluded(people)
    if case == "finding_no_longer_in_force":
        _no_longer_in_force(people, detention)
    if case == "protest_pending":
        helpers.file_protest(importer_user=people["importer"], detention=detention)
    return helpers._fresh(detention)


@pytest.mark.parametrize(("case", "on", "words"), REFUSALS)
def test_the_seizure_is_refused_with_its_reason(people, settings, case, on, words):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = on
    detention = _arrange(case, people)
    before = helpers.world()
    with pytest.raises(InvalidTransition) as refused:
        _propose(people, detention)
    assert words in refused.value.message
    assert helpers.world() == before
    assert "propose_seizure_under_finding" not in allowed_actions(people["officer"], detention)


def test_the_approval_is_refused_when_the_finding_stopped_covering_the_goods(people, enabled):
    detention = _excluded(people)
    _propose(people, detention)
    _no_longer_in_force(people, helpers._fresh(detention))
    with pytest.raises(InvalidTransition, match="not in force today"):
        decisions.approve_decision(actor=people["supervisor"], detention=helpers._fresh(detention))
    assert helpers._fresh(detention).status == "excluded"


def test_the_approval_waits_for_a_protest_filed_after_the_proposal(people, enabled):
    detention = _excluded(people)
    _propose(people, detention)
    helpers.file_protest(importer_user=people["importer"], detention=helpers._fresh(detention))
    with pytest.raises(InvalidTransition, match="protest is pending"):
        decisions.approve_decision(actor=people["supervisor"], detention=helpers._fresh(detention))
    assert helpers._fresh(detention).status == "excluded"


def test_the_supervisors_review_queue_lists_the_proposed_seizure(people, enabled, client):
    detention = _excluded(people)
    _propose(people, detention)
    client.force_login(people["supervisor"])
    page = client.get(reverse("supervisor")).content.decode()
    assert detention.shipment.entry_number in page


def test_the_importer_cannot_propose_a_seizure(people, enabled):
    detention = _excluded(people)
    with pytest.raises(ActionNotPermitted):
        _propose(people, detention, who="importer")


# --- API and page (one declared act) -----------------------------------------------------------------------

PATH = "/api/v1/detentions/{}/propose-seizure-under-finding/"


def test_the_api_proposes_the_seizure_and_answers_409_when_refused(people, settings):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True
    detention = _excluded(people)
    api = client_for(people["officer"])
    assert "propose-seizure-under-finding" in api.get(f"/api/v1/detentions/{detention.pk}/").json()["allowed_actions"]
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = False
    answer = api.post(PATH.format(detention.pk), {"reasons": REASONS}, format="json")
    assert answer.status_code == 409, answer.content
    assert "turned off" in answer.content.decode()
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True
    answer = api.post(PATH.format(detention.pk), {"reasons": REASONS}, format="json")
    assert answer.status_code in (200, 201), answer.content
    assert Decision.objects.get(detention=detention, status="proposed").outcome == "seize"


def test_the_api_refuses_a_proposal_without_reasons(people, enabled):
    detention = _excluded(people)
    answer = client_for(people["officer"]).post(PATH.format(detention.pk), {"reasons": " "}, format="json")
    assert answer.status_code == 400
    assert not Decision.objects.filter(detention=detention, status="proposed").exists()


def test_an_importer_gets_not_found_on_the_api_and_the_page(people, enabled, importer_b, client):
    detention = _excluded(people)
    assert client_for(importer_b).post(PATH.format(detention.pk), {"reasons": "x"}, format="json").status_code == 404
    client.force_login(importer_b)
    assert client.post(reverse("detention-seize-under-finding", args=[detention.pk]),
                       {"reasons": "x", "version": detention.version}).status_code == 404


def test_the_case_page_offers_the_form_and_proposes(people, enabled, client):
    detention = _excluded(people)
    client.force_login(people["officer"])
    page = client.get(reverse("detention", args=[detention.pk])).content.decode()
    assert reverse("detention-seize-under-finding", args=[detention.pk]) in page
    assert "FIN-2026-0101" in page
    response = client.post(reverse("detention-seize-under-finding", args=[detention.pk]),
                           {"reasons": REASONS, "version": detention.version}, follow=True)
    assert "Seizure proposed" in response.content.decode()
    assert Decision.objects.get(detention=detention, status="proposed").outcome == "seize"


def test_the_case_page_says_why_when_refused(people, settings, client):
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = True
    detention = _excluded(people)
    client.force_login(people["officer"])
    settings.CASES_SEIZURE_AFTER_LATER_FINDING = False
    response = client.post(reverse("detention-seize-under-finding", args=[detention.pk]),
                           {"reasons": REASONS, "version": detention.version}, follow=True)
    assert "turned off" in response.content.decode()
    assert not Decision.objects.filter(detention=detention, status="proposed").exists()


def test_the_case_list_reads_the_later_findings_in_a_bounded_number_of_queries(people, enabled):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    def _excluded_case(n):
        detention = _excluded(people, finding=False)
        helpers.publish_later_finding(detention, people["supervisor"], reference=f"FIN-2026-01{n:02d}")

    api = client_for(people["officer"])
    _excluded_case(1)
    api.get("/api/v1/detentions/")  # the token's last use is written once a while: not part of the count
    with CaptureQueriesContext(connection) as one:
        assert "propose-seizure-under-finding" in api.get("/api/v1/detentions/").json()["results"][0][
            "allowed_actions"]
    for n in (2, 3, 4):
        _excluded_case(n)
    with CaptureQueriesContext(connection) as four:
        answer = api.get("/api/v1/detentions/").json()["results"]
    assert len(answer) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
