"""After the referral to the U.S. Attorney (19 U.S.C. 1608, 1610): the court's judgment recorded on the seizure.

Hand-made table: a decree of forfeiture forfeits the goods and orders their destruction (goods under 19 U.S.C.
1307 are never sold); a dismissal or a release order frees them, released or exported under bond through the
dispositions relief uses (docs/seizure.md). Only a supervisor records it, only after the referral.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, GoodsDisposition
from cases.services import seizures
from cases.services.support import today
from cases.timeline import describe_event
from tests.cases import seizure_builders as b

pytestmark = pytest.mark.django_db
CASE = "2:26-cv-01234"


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a}


def _record(people, seizure, outcome, disposition="", actor="supervisor", **extra):
    return seizures.record_court_outcome(actor=people[actor], seizure=seizure, outcome=outcome,
                                         court_case_number=CASE, disposition=disposition, **extra)


# outcome, disposition asked -> seizure state, detention state, disposition ordered, forfeiture ground
OUTCOMES = [
    ("decree", "", "forfeited", "forfeited", "destruction", "judicial_decree"),
    ("dismissal", "release", "released_by_court", "released", "release", ""),
    ("dismissal", "export", "released_by_court", "exported", "export", ""),
    ("release_order", "release", "released_by_court", "released", "release", ""),
    ("release_order", "export", "released_by_court", "exported", "export", ""),
]


@pytest.mark.parametrize(("outcome", "disposition", "seizure_state", "detention_state", "method", "ground"),
                         OUTCOMES)
def test_the_courts_judgment_moves_the_seizure_the_goods_and_their_disposition(
        people, outcome, disposition, seizure_state, detention_state, method, ground):
    seizure = b.seizure_in("referred", people)
    on = today(seizure.detention.port_code)
    _record(people, seizure, outcome, disposition)
    seizure = b.fresh(seizure)
    assert (seizure.status, seizure.court_outcome, seizure.court_case_number, seizure.court_outcome_on) == (
        seizure_state, outcome, CASE, on)
    assert seizure.forfeiture_ground == ground
    assert seizure.detention.status == detention_state
    ordered = GoodsDisposition.objects.get(detention=seizure.detention)
    assert (ordered.method, ordered.status, ordered.ordered_on) == (method, "pending", on)


def test_a_decree_leads_to_the_witnessed_destruction_and_closes_the_case(people):
    seizure = b.seizure_in("referred", people)
    _record(people, seizure, "decree")
    disposition = GoodsDisposition.objects.get(detention=seizure.detention)
    seizures.record_destruction(actor=people["officer"], disposition=disposition, destruction_method="Shredded",
                                witness_name="Lee Park")
    assert b.fresh(seizure).detention.closed_on is not None


def test_the_judgment_is_audited_and_reads_as_a_sentence(people):
    seizure = b.seizure_in("referred", people)
    _record(people, seizure, "dismissal", "release")
    event = AuditEvent.objects.get(action="record_court_outcome")
    assert (event.before["status"], event.after["status"]) == ("referred", "released_by_court")
    assert CASE in event.reason
    assert "recorded the court's judgment in the judicial forfeiture (19 U.S.C. 1608, 1610)" in describe_event(event)


# Refusals: who, from which state, and bad input (nothing changes).
@pytest.mark.parametrize("role", ["officer", "importer"])
def test_only_a_supervisor_records_the_judgment(people, role):
    seizure = b.seizure_in("referred", people)
    with pytest.raises(ActionNotPermitted):
        _record(people, seizure, "decree", actor=role)
    assert b.fresh(seizure).status == "referred"


@pytest.mark.parametrize("state", ["noticed", "claim_filed", "advertised", "forfeited", "remitted"])
def test_the_judgment_is_recorded_only_after_the_referral(people, state):
    seizure = b.seizure_in(state, people)
    with pytest.raises(InvalidTransition):
        _record(people, seizure, "decree")
    assert b.fresh(seizure).status == state


def test_a_second_judgment_is_refused(people):
    seizure = b.seizure_in("referred", people)
    _record(people, seizure, "decree")
    with pytest.raises(InvalidTransition):
        _record(people, b.fresh(seizure), "dismissal", "release")


@pytest.mark.parametrize(("outcome", "disposition", "field"), [
    ("decree", "release", "disposition"),
    ("dismissal", "", "disposition"),
    ("release_order", "sale", "disposition"),
    ("acquittal", "", "outcome"),
])
def test_an_outcome_and_disposition_that_do_not_fit_are_refused(people, outcome, disposition, field):
    seizure = b.seizure_in("referred", people)
    with pytest.raises(ValidationError) as caught:
        _record(people, seizure, outcome, disposition)
    assert field in caught.value.message_dict
    assert b.fresh(seizure).status == "referred"
    assert not GoodsDisposition.objects.filter(detention=seizure.detention).exists()


def test_the_case_number_is_required(people):
    seizure = b.seizure_in("referred", people)
    with pytest.raises(ValidationError) as caught:
        seizures.record_court_outcome(actor=people["supervisor"], seizure=seizure, outcome="decree",
                                      court_case_number=" ")
    assert "court_case_number" in caught.value.message_dict


def test_a_judgment_dated_before_the_referral_or_in_the_future_is_refused(people):
    seizure = b.seizure_in("referred", people)
    with pytest.raises(ValidationError, match="referral"):
        _record(people, seizure, "decree", decided_on=seizure.referred_on - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        _record(people, seizure, "decree", decided_on=today(seizure.detention.port_code) + datetime.timedelta(days=2))
    assert b.fresh(seizure).status == "referred"


def test_the_supervisor_records_the_judgment_from_the_case_page_after_confirming(client, people):
    from django.urls import reverse

    seizure = b.seizure_in("referred", people)
    url = reverse("after-decision-act", args=["seizure", seizure.pk, "record_court_outcome"])
    client.force_login(people["officer"])
    assert url not in client.get(reverse("detention", args=[seizure.detention_id])).content.decode()
    client.force_login(people["supervisor"])
    page = client.get(reverse("detention", args=[seizure.detention_id])).content.decode()
    assert url in page and "judgment is awaited." in page
    prefix = f"seizure-{seizure.pk}-record_court_outcome"
    fields = {f"{prefix}-outcome": "decree", f"{prefix}-court_case_number": CASE}
    answer = client.post(url, fields)
    assert answer.status_code == 200 and b.fresh(seizure).status == "referred"  # the confirmation step
    client.post(url, {**fields, "confirm": "yes"})
    assert b.fresh(seizure).status == "forfeited"
    page = client.get(reverse("detention", args=[seizure.detention_id])).content.decode()
    assert "Decree of forfeiture" in page and CASE in page
