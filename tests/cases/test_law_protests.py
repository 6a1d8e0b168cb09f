"""Protests by the law: each row a scenario driven through the services, with the date or the refusal
the law gives and the section it comes from.

Expected dates are computed by hand from the statute's words, not by cases.clocks:
- an exclusion protest is decided *before* the 30th day after filing (the 29th is the last timely day)
  and, undecided, is deemed denied *on* the 30th day (19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b));
- after a request for accelerated disposition the agency has 30 days following the mailing; the
  protest is deemed denied on (at the close of) the 30th day (19 U.S.C. 1515(b); 19 CFR 174.22);
- the Court of International Trade may be asked within 180 days of the denial's mailing or of the
  deemed denial (28 U.S.C. 2636(a); 19 CFR 174.31), the last day rolled past a weekend or holiday;
- after a denial the goods excluded under a WRO are deemed abandoned unless exported within 60 days
  (19 CFR 12.44(a)).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.db import IntegrityError, transaction

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import Deadline, Protest
from cases.services import decisions, protests
from cases.services.sweep import sweep_deadlines
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db
D = datetime.date


def _on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC), tick=False)


class Cast:
    def __init__(self, officer, officer2, supervisor, importer):
        self.officer, self.officer2, self.supervisor, self.importer = officer, officer2, supervisor, importer
        self.supervisor2 = factories.UserFactory(role="supervisor", port_code=supervisor.port_code,
                                                 username="supervisor-two")

    def excluded(self, day, basis="uflpa"):
        """An exclusion approved on `day` (the supervisor approves the officer's proposal)."""
        with _on(day):
            detention = helpers.proposed(officer=self.officer, basis=basis, outcome="exclude",
                                         importer=self.importer.organisation)
            decisions.approve_decision(actor=self.supervisor, detention=detention)
        detention.refresh_from_db()
        return detention

    def file(self, detention, day):
        with _on(day):
            return helpers.file_protest(importer_user=self.importer, detention=detention)

    def protest(self, filed, excluded=None, basis="uflpa"):
        return self.file(self.excluded(excluded or filed - datetime.timedelta(days=14), basis), filed)

    def propose(self, protest, day, outcome="deny", by=None):
        with _on(day):
            return protests.propose_protest_decision(actor=by or self.officer, protest=protest, outcome=outcome,
                                                     reasons="The audit does not trace the cotton.")

    def approve(self, protest, day, by=None):
        with _on(day):
            return protests.approve_protest_decision(actor=by or self.supervisor2, protest=protest)

    def decide(self, protest, day, outcome="deny"):
        self.propose(protest, day, outcome)
        return self.approve(protest, day)

    def sweep(self, day):
        with _on(day):
            return sweep_deadlines(on=day)


def _clock(protest, kind):
    return Deadline.objects.filter(protest=protest, kind=kind).latest("id")


def _detention_clock(detention, kind):
    return Deadline.objects.filter(detention=detention, kind=kind).latest("id")


def _refusal(call):
    with pytest.raises((InvalidTransition, ActionNotPermitted)) as excinfo:
        call()
    return type(excinfo.value).__name__, excinfo.value.message


def _fresh(protest):
    return Protest.objects.get(pk=protest.pk)


# --- The scenarios --------------------------------------------------------------------------------

def undecided_protest_is_deemed_denied_on_the_30th_day(c):
    protest = c.protest(D(2024, 5, 1))  # Wednesday
    c.sweep(D(2024, 5, 30))
    still_pending = _fresh(protest).status
    c.sweep(D(2024, 5, 31))
    protest = _fresh(protest)
    return (_clock(protest, "protest_decision").due_date, still_pending, protest.status, protest.decided_on,
            _clock(protest, "court_filing").due_date)


def deemed_denial_across_the_year_end(c):
    protest = c.protest(D(2024, 12, 2))
    c.sweep(D(2025, 1, 1))
    protest = _fresh(protest)
    return (_clock(protest, "protest_decision").due_date, protest.status, protest.decided_on,
            _clock(protest, "court_filing").due_date)


def deemed_denial_across_a_leap_day(c):
    protest = c.protest(D(2024, 2, 1))
    c.sweep(D(2024, 3, 2))
    protest = _fresh(protest)
    return (_clock(protest, "protest_decision").due_date, protest.status, protest.decided_on,
            _clock(protest, "court_filing").due_date)


def denial_on_the_29th_day_across_a_leap_day_is_on_time(c):
    protest = c.protest(D(2024, 2, 15))
    c.propose(protest, D(2024, 3, 14))
    c.approve(protest, D(2024, 3, 15))
    protest = _fresh(protest)
    return protest.status, protest.decided_on, _clock(protest, "court_filing").due_date


def approval_on_the_30th_day_is_refused(c):
    protest = c.protest(D(2024, 5, 1))
    c.propose(protest, D(2024, 5, 29))
    with _on(D(2024, 5, 31)):
        return _refusal(lambda: protests.approve_protest_decision(actor=c.supervisor2, protest=protest))


def second_protest_of_the_entry_is_refused(c):
    protest = c.protest(D(2024, 5, 1))
    with _on(D(2024, 5, 2)):
        protests.withdraw_protest(actor=c.importer, protest=protest, reason="Wrong grounds.")
    with _on(D(2024, 5, 3)):
        return _refusal(lambda: helpers.file_protest(importer_user=c.importer, detention=protest.detention))


def amendment_before_the_decision_keeps_the_decision_date(c):
    protest = c.protest(D(2024, 5, 1))
    c.propose(protest, D(2024, 5, 15))
    with _on(D(2024, 5, 20)):
        protests.amend_protest(actor=c.importer, protest=protest, objections="Also: the notice named another mill.")
    protest = _fresh(protest)
    # The proposal made on the old grounds goes back to the officer.
    return protest.amended_on, protest.proposed_outcome, _clock(protest, "protest_decision").due_date


def amendment_after_the_decision_is_refused(c):
    protest = c.protest(D(2024, 5, 1))
    c.decide(protest, D(2024, 5, 20))
    with _on(D(2024, 5, 21)):
        return _refusal(lambda: protests.amend_protest(actor=c.importer, protest=protest, objections="More."))


def amendment_after_the_time_to_protest_is_refused(c):
    # Excluded Tue 2024-01-02: 180 days end Sun 2024-06-30, rolled to Mon 2024-07-01.
    protest = c.protest(D(2024, 6, 28), excluded=D(2024, 1, 2))
    with _on(D(2024, 7, 1)):
        protests.amend_protest(actor=c.importer, protest=protest, objections="In time, on the rolled day.")
    with _on(D(2024, 7, 2)):
        return _fresh(protest).amended_on, _refusal(
            lambda: protests.amend_protest(actor=c.importer, protest=protest, objections="Late."))


def withdrawal_reopens_the_export_window_under_a_wro(c):
    protest = c.protest(D(2024, 5, 1), excluded=D(2024, 4, 1), basis="wro")
    with _on(D(2024, 5, 10)):
        protests.withdraw_protest(actor=c.importer, protest=protest, reason="We will export.")
    protest = _fresh(protest)
    abandonment = _detention_clock(protest.detention, "abandonment")
    return (protest.status, _clock(protest, "protest_decision").state, abandonment.state, abandonment.due_date)


def withdrawal_after_the_decision_is_refused(c):
    protest = c.protest(D(2024, 5, 1))
    c.decide(protest, D(2024, 5, 20))
    with _on(D(2024, 5, 22)):
        return _refusal(lambda: protests.withdraw_protest(actor=c.importer, protest=protest))


def further_review_goes_to_someone_outside_the_decision(c):
    protest = c.protest(D(2024, 5, 1))
    with _on(D(2024, 5, 3)):
        protests.apply_for_further_review(actor=c.importer, protest=protest,
                                          statement="The exclusion conflicts with ruling HQ H000001 (174.24(a)).")
    c.propose(protest, D(2024, 5, 10), outcome="allow", by=c.officer2)
    with _on(D(2024, 5, 13)):
        refused = _refusal(lambda: protests.approve_protest_decision(actor=c.supervisor, protest=protest))
    c.approve(protest, D(2024, 5, 13), by=c.supervisor2)
    protest = _fresh(protest)
    return (protest.further_review_requested_on, _clock(protest, "protest_decision").due_date, refused[0],
            "174.26(b)" in refused[1], protest.status, protest.decided_on)


def further_review_after_the_time_to_protest_is_refused(c):
    protest = c.protest(D(2024, 6, 28), excluded=D(2024, 1, 2))
    with _on(D(2024, 7, 2)):
        return _refusal(lambda: protests.apply_for_further_review(actor=c.importer, protest=protest,
                                                                  statement="Late."))


def accelerated_disposition_before_90_days_is_refused(c):
    protest = c.protest(D(2024, 5, 1))
    with _on(D(2024, 5, 10)):
        return _refusal(lambda: protests.request_accelerated_disposition(actor=c.importer, protest=protest))


def accelerated_disposition_deems_the_denial_on_the_30th_day_after_mailing(c):
    # A protest pending 90 days: not one the 30-day rule of 174.21(b) reaches (its clock is set aside here).
    protest = c.protest(D(2024, 9, 30))
    Deadline.objects.filter(protest=protest, kind="protest_decision").update(state="cancelled")
    with _on(D(2024, 12, 31)):  # Sep 30 + 91 days = Dec 30: the first day a request may be mailed
        protests.request_accelerated_disposition(actor=c.importer, protest=protest)
    c.sweep(D(2025, 1, 30))
    pending_on_the_30th_day = _fresh(protest).status
    c.sweep(D(2025, 1, 31))
    protest = _fresh(protest)
    return (_clock(protest, "accelerated_disposition").due_date, pending_on_the_30th_day, protest.status,
            protest.decided_on, _clock(protest, "court_filing").due_date)


def accelerated_disposition_may_still_be_decided_on_the_30th_day(c):
    protest = c.protest(D(2024, 9, 30))
    Deadline.objects.filter(protest=protest, kind="protest_decision").update(state="cancelled")
    with _on(D(2024, 12, 31)):
        protests.request_accelerated_disposition(actor=c.importer, protest=protest)
    c.decide(protest, D(2025, 1, 30), outcome="allow")
    protest = _fresh(protest)
    return protest.status, protest.decided_on, protest.detention.status


def denial_reopens_the_abandonment_clock_under_a_wro(c):
    protest = c.protest(D(2024, 5, 1), excluded=D(2024, 4, 1), basis="wro")
    c.decide(protest, D(2024, 5, 20))
    abandonment = _detention_clock(_fresh(protest).detention, "abandonment")
    return abandonment.state, abandonment.starts_on, abandonment.due_date


def deemed_denial_reopens_the_abandonment_clock_under_a_wro(c):
    protest = c.protest(D(2024, 5, 1), excluded=D(2024, 4, 1), basis="wro")
    c.sweep(D(2024, 5, 31))
    abandonment = _detention_clock(_fresh(protest).detention, "abandonment")
    return abandonment.state, abandonment.starts_on, abandonment.due_date


def court_filing_date_rolls_past_a_weekend(c):
    protest = c.protest(D(2024, 5, 20))
    c.decide(protest, D(2024, 6, 3))
    return _clock(protest, "court_filing").due_date


def allowed_protest_releases_the_goods_and_opens_no_court_window(c):
    protest = c.protest(D(2024, 5, 1))
    c.decide(protest, D(2024, 5, 20), outcome="allow")
    protest = _fresh(protest)
    return (protest.status, protest.detention.status, protest.detention.shipment.release_status,
            Deadline.objects.filter(protest=protest, kind="court_filing").exists())


def partly_allowed_protest_opens_the_court_window_for_the_part_denied(c):
    protest = c.protest(D(2024, 5, 1))
    c.decide(protest, D(2024, 5, 20), outcome="partially_allow")
    protest = _fresh(protest)
    return protest.status, protest.detention.status, _clock(protest, "court_filing").due_date


def proposer_cannot_approve_their_own_protest_decision(c):
    protest = c.protest(D(2024, 5, 1))
    c.propose(protest, D(2024, 5, 10), by=c.supervisor)
    with _on(D(2024, 5, 10)):
        refused = _refusal(lambda: protests.approve_protest_decision(actor=c.supervisor, protest=protest))
    try:
        with transaction.atomic():
            Protest.objects.filter(pk=protest.pk).update(decided_by=c.supervisor)
        database = "accepted"
    except IntegrityError:
        database = "refused"
    return refused[0], database


@dataclass(frozen=True)
class Scenario:
    run: Callable
    expected: object
    citation: str


SCENARIOS = {
    # Domain worked example: filed Wed 2024-05-01; due Thu 05-30; deemed denied Fri 05-31; court Wed 11-27.
    "deemed denial on the 30th day": Scenario(
        undecided_protest_is_deemed_denied_on_the_30th_day,
        (D(2024, 5, 30), "filed", "deemed_denied", D(2024, 5, 31), D(2024, 11, 27)),
        "19 U.S.C. 1499(c)(5)(B); 19 CFR 174.21(b); 28 U.S.C. 2636(a)(2)"),
    # Dec 2 + 29 = Dec 31; deemed denied Jan 1 (a holiday; agency dates are not rolled); Jan 1 + 180 = Mon Jun 30.
    "year end": Scenario(
        deemed_denial_across_the_year_end,
        (D(2024, 12, 31), "deemed_denied", D(2025, 1, 1), D(2025, 6, 30)),
        "19 CFR 174.21(b); 19 CFR 174.31(c)"),
    # Feb 1 + 29 = Mar 1 (Feb 29 counts); deemed denied Sat Mar 2; Mar 2 + 180 = Thu Aug 29.
    "leap day": Scenario(
        deemed_denial_across_a_leap_day,
        (D(2024, 3, 1), "deemed_denied", D(2024, 3, 2), D(2024, 8, 29)),
        "19 U.S.C. 1499(c)(5)(B); 28 U.S.C. 2636(a)(2)"),
    # Feb 15 + 29 = Mar 15: a denial that day is timely; Mar 15 + 180 = Wed Sep 11.
    "on time on the 29th day": Scenario(
        denial_on_the_29th_day_across_a_leap_day_is_on_time,
        ("denied", D(2024, 3, 15), D(2024, 9, 11)),
        "19 CFR 174.21(b); 28 U.S.C. 2636(a)(1); 19 CFR 174.30(a)"),
    "approval on the 30th day refused": Scenario(
        approval_on_the_30th_day_is_refused,
        ("InvalidTransition", "the protest had to be decided before the 30th day after filing (by 30 May 2024)"),
        "19 U.S.C. 1499(c)(5)(B)"),
    "second protest refused": Scenario(
        second_protest_of_the_entry_is_refused,
        ("InvalidTransition", "only one protest may be filed for each entry (19 U.S.C. 1514(c)(1))"),
        "19 U.S.C. 1514(c)(1)"),
    "amendment before the decision": Scenario(
        amendment_before_the_decision_keeps_the_decision_date,
        (D(2024, 5, 20), "", D(2024, 5, 30)),
        "19 U.S.C. 1514(c)(1); 19 CFR 174.14"),
    "amendment after the decision refused": Scenario(
        amendment_after_the_decision_is_refused,
        ("InvalidTransition", "denied"),
        "19 CFR 174.14"),
    "amendment after the time to protest refused": Scenario(
        amendment_after_the_time_to_protest_is_refused,
        (D(2024, 7, 1), ("InvalidTransition", "the time to protest the decision ended on 01 July 2024")),
        "19 U.S.C. 1514(c)(1), (c)(3)"),
    # May 10 + 60 = Jul 9.
    "withdrawal": Scenario(
        withdrawal_reopens_the_export_window_under_a_wro,
        ("withdrawn", "cancelled", "open", D(2024, 7, 9)),
        "19 CFR 174.14; 19 CFR 12.44(a)"),
    "withdrawal after the decision refused": Scenario(
        withdrawal_after_the_decision_is_refused,
        ("InvalidTransition", "denied"),
        "19 CFR 174.14"),
    "further review": Scenario(
        further_review_goes_to_someone_outside_the_decision,
        (D(2024, 5, 3), D(2024, 5, 30), "ActionNotPermitted", True, "allowed", D(2024, 5, 13)),
        "19 U.S.C. 1515(a); 19 CFR 174.23-174.27, 174.26(b)"),
    "further review after the time to protest refused": Scenario(
        further_review_after_the_time_to_protest_is_refused,
        ("InvalidTransition", "1515(a)"),
        "19 U.S.C. 1515(a)"),
    # May 1 + 91 = Jul 31: "after 90 days following the filing".
    "accelerated disposition before 90 days refused": Scenario(
        accelerated_disposition_before_90_days_is_refused,
        ("InvalidTransition", "from 31 July 2024 (19 U.S.C. 1515(b); 19 CFR 174.22(a))"),
        "19 U.S.C. 1515(b); 19 CFR 174.22(a)"),
    # Mailed Dec 31: Dec 31 + 30 = Jan 30, deemed denied at its close; Jan 30 + 180 = Tue Jul 29.
    "accelerated disposition deemed denial": Scenario(
        accelerated_disposition_deems_the_denial_on_the_30th_day_after_mailing,
        (D(2025, 1, 30), "filed", "deemed_denied", D(2025, 1, 30), D(2025, 7, 29)),
        "19 U.S.C. 1515(b); 19 CFR 174.22(d); 19 CFR 174.31(b)"),
    "accelerated disposition decided on the 30th day": Scenario(
        accelerated_disposition_may_still_be_decided_on_the_30th_day,
        ("allowed", D(2025, 1, 30), "released"),
        "19 U.S.C. 1515(b)"),
    # May 20 + 60 = Jul 19.
    "disposition after denial": Scenario(
        denial_reopens_the_abandonment_clock_under_a_wro,
        ("open", D(2024, 5, 20), D(2024, 7, 19)),
        "19 CFR 12.44(a)"),
    # Deemed denied May 31; May 31 + 60 = Jul 30.
    "disposition after deemed denial": Scenario(
        deemed_denial_reopens_the_abandonment_clock_under_a_wro,
        ("open", D(2024, 5, 31), D(2024, 7, 30)),
        "19 CFR 12.44(a); 19 CFR 174.21(b)"),
    # Jun 3 + 180 = Sat Nov 30, rolled to Mon Dec 2.
    "court filing rolled past a weekend": Scenario(
        court_filing_date_rolls_past_a_weekend, D(2024, 12, 2), "28 U.S.C. 2636(a)(1); 19 CFR 174.31(a)"),
    "allowed protest": Scenario(
        allowed_protest_releases_the_goods_and_opens_no_court_window,
        ("allowed", "released", "released", False),
        "19 U.S.C. 1515(a)"),
    # May 20 + 180 = Sat Nov 16, rolled to Mon Nov 18.
    "partly allowed protest": Scenario(
        partly_allowed_protest_opens_the_court_window_for_the_part_denied,
        ("partially_allowed", "excluded", D(2024, 11, 18)),
        "19 CFR 174.31(a) (denied in part)"),
    "four eyes": Scenario(
        proposer_cannot_approve_their_own_protest_decision, ("ActionNotPermitted", "refused"),
        "domain.md section 4 (four eyes)"),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_protest_scenario(name, officer, officer2, supervisor, importer_a):
    scenario = SCENARIOS[name]
    observed = scenario.run(Cast(officer, officer2, supervisor, importer_a))
    expected = scenario.expected
    if isinstance(expected, tuple) and expected and expected[0] in ("InvalidTransition", "ActionNotPermitted"):
        assert observed[0] == expected[0] and expected[1] in observed[1], (scenario.citation, observed)
    elif isinstance(expected, tuple) and len(expected) == 2 and isinstance(expected[1], tuple):
        assert observed[0] == expected[0], scenario.citation
        assert observed[1][0] == expected[1][0] and expected[1][1] in observed[1][1], (scenario.citation, observed)
    else:
        assert observed == expected, scenario.citation


def test_the_table_has_a_citation_for_every_scenario():
    assert len(SCENARIOS) >= 12
    assert all(s.citation.strip() for s in SCENARIOS.values())
