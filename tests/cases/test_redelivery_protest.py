"""A protest of a demand for redelivery (19 U.S.C. 1514(a)(4)): filed within 180 days of the demand
(1514(c)(3)), decided under four eyes within two years (1515(a); 19 CFR 174.21(a)); allowed, it cancels the
demand and any claim for liquidated damages on it; denied, the demand stands.

Expected dates are counted by hand on the 2026 calendar; expected states come from docs/seizure.md.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, Protest
from cases.services import protests, seizures
from cases.services.support import as_of
from tests import factories
from tests.cases import seizure_builders as b

pytestmark = pytest.mark.django_db
D = datetime.date
OBJECTIONS = "The goods were released on an allowed protest; the demand rests on no new fact."


@pytest.fixture
def people(officer, supervisor, importer_a):
    other = factories.UserFactory(role="supervisor", username="supervisor2", port_code=supervisor.port_code)
    return {"officer": officer, "supervisor": supervisor, "supervisor2": other, "importer": importer_a}


def _protest(people, redelivery, **extra):
    return protests.file_redelivery_protest(actor=people["importer"], redelivery=redelivery, objections=OBJECTIONS,
                                            **extra)


def _decide(people, protest, outcome):
    protests.propose_protest_decision(actor=people["officer"], protest=protest, outcome=outcome,
                                      reasons="Reasons given to the protestant.")
    return protests.approve_protest_decision(actor=people["supervisor"], protest=b.fresh(protest))


# --- Filing: allowed from every state of a standing demand, refused otherwise --------------------------

@pytest.mark.parametrize("state", ["demanded", "redelivered", "not_redelivered", "damages_claimed"])
def test_the_importer_protests_a_standing_demand_from_each_state(people, state):
    redelivery = b.redelivery_in(state, people)
    protest = _protest(people, redelivery)
    assert (protest.status, protest.protested_decision, protest.redelivery_id, protest.decision_date) == (
        "filed", "redelivery_demand", redelivery.pk, redelivery.demanded_on)
    assert b.fresh(redelivery).status == state  # filing moves nothing on the demand


@pytest.mark.parametrize(("role", "error"), [("officer", ActionNotPermitted), ("supervisor", ActionNotPermitted)])
def test_staff_cannot_file_the_importers_protest(people, role, error):
    redelivery = b.redelivery_in("demanded", people)
    with pytest.raises(error):
        protests.file_redelivery_protest(actor=people[role], redelivery=redelivery, objections=OBJECTIONS)
    assert not Protest.objects.exists()


def test_another_organisation_cannot_protest_the_demand(people, importer_b):
    redelivery = b.redelivery_in("demanded", people)
    with pytest.raises(ActionNotPermitted):
        protests.file_redelivery_protest(actor=importer_b, redelivery=redelivery, objections=OBJECTIONS)


def test_a_second_protest_of_the_same_demand_is_refused_with_the_first_date(people):
    redelivery = b.redelivery_in("demanded", people)
    first = _protest(people, redelivery)
    with pytest.raises(InvalidTransition, match=f"protested on {first.filed_on:%d %B %Y}"):
        _protest(people, b.fresh(redelivery))
    assert Protest.objects.count() == 1


def test_a_protest_of_a_cancelled_demand_is_refused(people):
    redelivery = b.redelivery_in("demanded", people)
    _decide(people, _protest(people, redelivery), "allow")
    with pytest.raises(InvalidTransition):
        _protest(people, b.fresh(redelivery))


def test_a_protest_without_objections_is_refused_and_changes_nothing(people):
    redelivery = b.redelivery_in("demanded", people)
    with pytest.raises(ValidationError) as caught:
        protests.file_redelivery_protest(actor=people["importer"], redelivery=redelivery, objections="  ")
    assert "objections" in caught.value.message_dict
    assert not Protest.objects.exists()
    assert Deadline.objects.get(detention=redelivery.detention, kind="redelivery_protest").state == "open"


def test_the_protest_takes_the_organisations_particulars_and_the_entrys_goods(people, org_a):
    redelivery = b.redelivery_in("demanded", people)
    protest = _protest(people, redelivery)
    shipment = redelivery.detention.shipment
    assert (protest.protestant_name, protest.importer_number, protest.entry_number, protest.merchandise) == (
        org_a.name, org_a.importer_number, shipment.entry_number, shipment.description)


# --- The 180 days (19 U.S.C. 1514(c)(3)) ---------------------------------------------------------------

# Demand Monday 2 March 2026: 180 days is Saturday 29 August, rolled to Monday 31 August 2026.
@pytest.mark.parametrize(("filed", "allowed"), [
    (D(2026, 3, 2), True), (D(2026, 8, 28), True), (D(2026, 8, 31), True), (D(2026, 9, 1), False),
])
def test_the_protest_is_filed_within_180_days_of_the_demand(people, filed, allowed):
    with as_of(D(2026, 3, 2)):
        redelivery = b.redelivery_in("demanded", people)
    with as_of(filed):
        if allowed:
            assert _protest(people, redelivery).filed_on == filed
        else:
            with pytest.raises(InvalidTransition, match="ended on 31 August 2026"):
                _protest(people, redelivery)
            assert not Protest.objects.exists()


def test_filing_closes_the_window_and_opens_the_two_year_decision_clock(people):
    with as_of(D(2026, 3, 2)):
        redelivery = b.redelivery_in("demanded", people)
    with as_of(D(2026, 3, 10)):
        protest = _protest(people, redelivery)
    window = Deadline.objects.get(detention=redelivery.detention, kind="redelivery_protest")
    assert (window.state, window.closed_on) == ("met", D(2026, 3, 10))
    decision = Deadline.objects.get(protest=protest, state="open")
    # 19 U.S.C. 1515(a): within two years of the filing: Friday 10 March 2028. No 30-day deemed denial:
    # that rule (1499(c)(5)(B)) is for protests of an exclusion.
    assert (decision.kind, decision.due_date, decision.party, decision.citation) == (
        "protest_review", D(2028, 3, 10), "agency", "19 U.S.C. 1515(a); 19 CFR 174.21(a)")
    assert not Deadline.objects.filter(protest=protest, kind="protest_decision").exists()
    event = AuditEvent.objects.get(action="file_redelivery_protest")
    assert event.object_id == str(protest.pk)


def test_the_lapsed_two_year_clock_alerts_supervisors_and_denies_nothing(people):
    from cases.services.deadlines import sync_next_clock
    from cases.services.sweep import sweep_deadlines

    with as_of(D(2026, 3, 2)):
        redelivery = b.redelivery_in("demanded", people)
        protest = _protest(people, redelivery)
    clock = Deadline.objects.get(protest=protest, kind="protest_review")
    Deadline.objects.filter(pk=clock.pk).update(due_date=D(2026, 3, 3))  # as if two years had passed
    sync_next_clock([redelivery.detention_id])
    sweep_deadlines(on=D(2026, 3, 4))
    assert b.fresh(protest).status == "filed"
    assert Deadline.objects.get(pk=clock.pk).escalated_on is not None


# --- The decision: four eyes; allowed cancels, denied leaves the demand -------------------------------

@pytest.mark.parametrize(("state", "damages_cancelled"), [
    ("demanded", False), ("redelivered", False), ("not_redelivered", False), ("damages_claimed", True),
])
def test_an_allowed_protest_cancels_the_demand_and_keeps_the_claim_marked_cancelled(people, state,
                                                                                   damages_cancelled):
    redelivery = b.redelivery_in(state, people)
    amount = redelivery.damages_amount
    protest = _decide(people, _protest(people, redelivery), "allow")
    redelivery = b.fresh(redelivery)
    assert protest.status == "allowed"
    assert redelivery.status == "cancelled"
    assert redelivery.cancelled_on == protest.decided_on
    assert (redelivery.damages_cancelled_on is not None) is damages_cancelled
    assert redelivery.damages_amount == amount  # recorded as cancelled, not deleted
    assert redelivery.detention.status == "released"
    assert not Deadline.objects.filter(detention=redelivery.detention, state="open",
                                       kind__in=["redelivery", "protest_review"]).exists()
    assert AuditEvent.objects.filter(action="cancel_on_protest", object_id=str(redelivery.pk)).exists()


def test_allowing_the_protest_cancels_the_open_redelivery_clock(people):
    redelivery = b.redelivery_in("demanded", people)
    _decide(people, _protest(people, redelivery), "allow")
    assert Deadline.objects.get(detention=redelivery.detention, kind="redelivery").state == "cancelled"


@pytest.mark.parametrize("outcome", ["deny", "partially_allow"])
def test_a_denied_protest_leaves_the_demand_standing_and_opens_the_court_window(people, outcome):
    with as_of(D(2026, 3, 2)):
        redelivery = b.redelivery_in("demanded", people)
        protest = _decide(people, _protest(people, redelivery), outcome)
    assert b.fresh(redelivery).status == "demanded"
    assert Deadline.objects.get(detention=redelivery.detention, kind="redelivery").state == "open"
    court = Deadline.objects.get(protest=protest, kind="court_filing")
    # 28 U.S.C. 2636(a)(1): 180 days from Monday 2 March 2026 = Saturday 29 August, rolled to Monday 31 August.
    assert court.due_date == D(2026, 8, 31)


def test_the_proposer_cannot_approve_the_protest_decision(people):
    protest = _protest(people, b.redelivery_in("demanded", people))
    protests.propose_protest_decision(actor=people["supervisor"], protest=protest, outcome="allow", reasons="Shown.")
    with pytest.raises(ActionNotPermitted):
        protests.approve_protest_decision(actor=people["supervisor"], protest=b.fresh(protest))
    protests.approve_protest_decision(actor=people["supervisor2"], protest=b.fresh(protest))
    assert b.fresh(protest).status == "allowed"


def test_under_further_review_the_officer_who_demanded_may_not_propose(people):
    redelivery = b.redelivery_in("demanded", people)
    protest = _protest(people, redelivery)
    protests.apply_for_further_review(actor=people["importer"], protest=protest, statement="174.24(a).")
    assert redelivery.demanded_by == people["officer"]
    with pytest.raises(ActionNotPermitted, match="174.26"):
        protests.propose_protest_decision(actor=people["officer"], protest=b.fresh(protest), outcome="deny",
                                          reasons="No.")


def test_a_uflpa_demand_protest_is_allowed_without_a_ground_of_release(people):
    redelivery = b.redelivery_in("demanded", people)
    type(redelivery.detention).objects.filter(pk=redelivery.detention_id).update(basis="uflpa")
    protest = _protest(people, redelivery)
    with pytest.raises(ValidationError):  # allowing it releases nothing held: no ground of release applies
        protests.propose_protest_decision(actor=people["officer"], protest=protest, outcome="allow",
                                          reasons="Shown.", release_ground="exception")
    protests.propose_protest_decision(actor=people["officer"], protest=b.fresh(protest), outcome="allow",
                                      reasons="Shown.")
    assert b.fresh(protest).proposed_release_ground == ""


def test_withdrawing_the_protest_leaves_the_demand_and_stops_the_decision_clock(people):
    redelivery = b.redelivery_in("demanded", people)
    protest = _protest(people, redelivery)
    protests.withdraw_protest(actor=people["importer"], protest=protest)
    assert b.fresh(redelivery).status == "demanded"
    assert Deadline.objects.get(protest=protest, kind="protest_review").state == "cancelled"


def test_a_demand_claimed_on_is_kept_whole_when_denied(people):
    redelivery = b.redelivery_in("damages_claimed", people)
    _decide(people, _protest(people, redelivery), "deny")
    redelivery = b.fresh(redelivery)
    assert (redelivery.status, redelivery.damages_amount, redelivery.damages_cancelled_on) == (
        "damages_claimed", Decimal("24000.00"), None)


def test_damages_cannot_be_claimed_on_a_cancelled_demand(people):
    redelivery = b.redelivery_in("not_redelivered", people)
    _decide(people, _protest(people, redelivery), "allow")
    with pytest.raises(InvalidTransition):
        seizures.claim_liquidated_damages(actor=people["supervisor"], redelivery=b.fresh(redelivery), amount="10")


# --- Goods already redelivered go back when the demand falls (19 U.S.C. 1515(a)) ---------------------------

# (state of the demand when the protest is decided, outcome, goods released again?) — docs/seizure.md.
RELEASE_AGAIN = [
    ("redelivered", "allow", True),  # the goods came back on the demand that fell: released to the importer
    ("demanded", "allow", False),  # not yet redelivered: the cancelled demand means they never come back
    ("not_redelivered", "allow", False),  # never came back: nothing in custody to release
    ("damages_claimed", "allow", False),
    ("redelivered", "deny", False),  # the demand stands: the goods stay in custody
    ("redelivered", "partially_allow", False),
]


@pytest.mark.parametrize(("state", "outcome", "released"), RELEASE_AGAIN)
def test_redelivered_goods_are_released_again_only_when_the_protest_is_allowed(people, state, outcome, released):
    from cases.models import Notification

    redelivery = b.redelivery_in(state, people)
    protest = _decide(people, _protest(people, redelivery), outcome)
    redelivery = b.fresh(redelivery)
    assert redelivery.goods_released_on == (protest.decided_on if released else None)
    assert redelivery.detention.status == "released"  # the state the case never left
    events = AuditEvent.objects.filter(action="release_redelivered_goods", object_id=str(redelivery.pk))
    assert events.count() == (1 if released else 0)
    notices = Notification.objects.filter(kind="redelivered_goods_released", recipient=people["importer"])
    assert notices.count() == (1 if released else 0)
    if released:
        assert events.get().after == {"goods_released_on": protest.decided_on.isoformat()}
        assert "released to you again" in notices.get().body


def test_the_timeline_tells_the_release_of_redelivered_goods_in_plain_words(people):
    from cases.timeline import describe_event

    redelivery = b.redelivery_in("redelivered", people)
    _decide(people, _protest(people, redelivery), "allow")
    event = AuditEvent.objects.get(action="release_redelivered_goods")
    assert describe_event(event).endswith("released the redelivered goods to the importer again: the protest of "
                                          "the demand for redelivery was allowed.")


def test_the_release_of_redelivered_goods_is_never_a_button_or_repeated(people):
    from cases.workflows import allowed_actions

    redelivery = b.redelivery_in("redelivered", people)
    _decide(people, _protest(people, redelivery), "allow")
    redelivery = b.fresh(redelivery)
    assert "release_redelivered_goods" not in allowed_actions(people["supervisor"], redelivery)
    with pytest.raises(InvalidTransition, match="already released"):
        seizures.release_redelivered_goods(actor=people["supervisor"], redelivery=redelivery,
                                           on=redelivery.goods_released_on, reason="Again.")
