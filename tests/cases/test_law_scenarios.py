"""The law at the edges, as a table of scenarios driven through the services.

Every expected date below was counted by hand from the rule cited beside it (domain.md sections 1, 3
and 4), never computed by the code under test: business days skip weekends, the federal holidays of
5 U.S.C. 6103 at their observed dates and executive-order closures (24 December 2020 and 2024); a
period "after" an event starts the next day; importers' windows ending on a closed day roll forward.
Each act is done at noon UTC on its day (07:00 in New York, 02:00 in Honolulu: the same date).
"""

import datetime
import itertools
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import (
    AdmissibilitySubmission,
    Closure,
    Deadline,
    Detention,
    IloIndicator,
    Port,
    RequestForInformation,
)
from cases.services import deadlines, decisions, detentions, protests, rfis, shipments, submissions
from cases.services.sweep import sweep_deadlines
from tests import factories
from tests.cases import helpers
from tests.cases.helpers import NOTICE, complete_answers

pytestmark = pytest.mark.django_db

D = datetime.date
NY, HONOLULU, LOS_ANGELES, WASHINGTON = "1001", "3201", "2704", "5401"


def at(day: datetime.date, hour: int = 12, minute: int = 0):
    """Travel to `hour`:`minute` UTC on `day`."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC),
                               tick=False)


_serials = itertools.count(1000001)


def present(officer, org, *, imported, presented, port=NY, **exam):
    with at(presented):
        return shipments.register_shipment(
            actor=officer, entry_number=f"AB1-{next(_serials):07d}-1", importer=org,
            country_of_origin="MY", hts_codes=["4015.19.0510"], description="Nitrile gloves", quantity=100,
            value=25000, port_code=port, importation_date=imported, presentation_date=presented, **exam,
        )


def detain(officer, org, basis, *, imported, presented, on=None, port=NY, **order):
    shipment = present(officer, org, imported=imported, presented=presented, port=port)
    with at(on or presented):
        return detentions.detain_shipment(actor=officer, shipment=shipment, basis=basis, **order)


def clock(subject, kind) -> Deadline:
    field = "shipment" if kind == "detention_decision" else "detention"
    return Deadline.objects.filter(**{field: subject, "kind": kind}).latest("id")


# --- 1. Release or detain, and the notice: 19 U.S.C. 1499(c)(1)-(2); 19 CFR 151.16 ------------------

@dataclass(frozen=True)
class DecisionClock:
    presented: datetime.date
    port: str
    due: datetime.date
    why: str


DECISION_CLOCKS = [
    DecisionClock(D(2020, 12, 23), NY, D(2021, 1, 4),
                  "domain.md worked example: Dec 24 EO closure, Dec 25, Jan 1 and two weekends skipped"),
    DecisionClock(D(2024, 12, 19), NY, D(2024, 12, 30),
                  "Dec 24 2024 EO closure and Christmas skipped: Fri 20, Mon 23, Thu 26, Fri 27, Mon 30"),
    DecisionClock(D(2024, 6, 17), NY, D(2024, 6, 25), "Juneteenth (Wed 19 June, 5 U.S.C. 6103(a)) skipped"),
    DecisionClock(D(2021, 6, 11), NY, D(2021, 6, 21), "Juneteenth 2021 (Sat 19) observed Fri 18 June"),
    DecisionClock(D(2024, 2, 26), NY, D(2024, 3, 4), "leap day Thu 29 Feb 2024 counts as a business day"),
    DecisionClock(D(2021, 1, 19), WASHINGTON, D(2021, 1, 27),
                  "Inauguration Day Wed 20 Jan 2021 closes DC-area offices (5 U.S.C. 6103(c))"),
    DecisionClock(D(2021, 1, 19), NY, D(2021, 1, 26), "Inauguration Day is a working day outside the DC area"),
    DecisionClock(D(2024, 2, 26), HONOLULU, D(2024, 3, 4), "a Hawaii port counts the same federal calendar"),
]


@pytest.mark.parametrize("case", DECISION_CLOCKS, ids=lambda c: f"{c.port}-{c.presented}")
def test_release_or_detain_clock_is_five_business_days_after_presentation(case, officer, org_a):
    shipment = present(officer, org_a, imported=case.presented - datetime.timedelta(days=1),
                       presented=case.presented, port=case.port)
    assert clock(shipment, "detention_decision").due_date == case.due, case.why


def test_admissibility_determination_is_due_thirty_calendar_days_after_presentation_across_the_leap_day(
        officer, org_a):
    # 1499(c)(5)(A): Mon 2024-02-26 + 30 days = Wed 2024-03-27 (February 2024 has 29 days).
    detention = detain(officer, org_a, "caatsa", imported=D(2024, 2, 23), presented=D(2024, 2, 26))
    assert clock(detention, "admissibility_determination").due_date == D(2024, 3, 27)


def test_the_sweep_records_the_deemed_detention_and_the_notice_runs_from_the_failure_to_release(officer, org_a):
    # 1499(c)(1): undecided on Mon 2021-01-04, the goods are detained by law from Tue 5 January;
    # 151.16(c): the notice is due 5 business days after the failure to release: Tue 5 .. Mon 11 January.
    shipment = present(officer, org_a, imported=D(2020, 12, 22), presented=D(2020, 12, 23), exam_basis="caatsa")
    with at(D(2021, 1, 5)):
        sweep_deadlines()
    detention = Detention.objects.get(shipment=shipment)
    assert (detention.detained_on, detention.detention_deemed) == (D(2021, 1, 5), True)
    assert clock(detention, "detention_notice").due_date == D(2021, 1, 11)


def test_an_officer_detaining_after_the_fifth_business_day_records_the_detention_the_law_already_deemed(
        officer, org_a):
    # Presented Wed 2020-12-23, detained by an officer on Thu 2021-01-07: the law deemed the goods detained
    # on Tue 5 January, and the notice was due Mon 11 January (19 CFR 151.16(b)-(c)).
    detention = detain(officer, org_a, "caatsa", imported=D(2020, 12, 22), presented=D(2020, 12, 23),
                       on=D(2021, 1, 7))
    assert (detention.detained_on, detention.detention_deemed) == (D(2021, 1, 5), True)
    assert clock(detention, "detention_notice").due_date == D(2021, 1, 11)


def test_a_detention_decided_on_the_fifth_business_day_is_not_deemed(officer, org_a):
    # Decided Mon 2021-01-04, the last timely day: notice due 5 business days later, Mon 11 January.
    detention = detain(officer, org_a, "caatsa", imported=D(2020, 12, 22), presented=D(2020, 12, 23),
                       on=D(2021, 1, 4))
    assert (detention.detained_on, detention.detention_deemed) == (D(2021, 1, 4), False)
    assert clock(detention, "detention_notice").due_date == D(2021, 1, 11)


# --- 2. A deemed exclusion opens the protest right and ends nothing else: 1499(c)(5)(A), 1514(a)(4) ----

def _deemed_excluded_uflpa(officer, org, importer_user, supervisor):
    """UFLPA detention presented Wed 2023-12-20; package filed, an RFI open, the response window extended;
    the 30 days run out on Fri 2024-01-19 and the sweep of Sat 20 January records the deemed exclusion."""
    detention = detain(officer, org, "uflpa", imported=D(2023, 12, 19), presented=D(2023, 12, 20))
    with at(D(2023, 12, 21)):
        detentions.issue_notice(actor=officer, detention=detention, **NOTICE)
    with at(D(2024, 1, 3)):
        draft = submissions.save_draft(actor=importer_user, detention=detention, package="uflpa_exception",
                                       summary="No XUAR nexus.", answers=complete_answers("uflpa_exception"),
                                       ilo_statements={i.value: "Addressed by audits." for i in IloIndicator})
        submissions.submit_submission(actor=importer_user, submission=draft)
        window = clock(detention, "uflpa_response")
    with at(D(2024, 1, 10)):
        rfi = rfis.send_rfi(actor=officer, detention=Detention.objects.get(pk=detention.pk),
                            questions="Mill certificates for the cotton, please.")
    with at(D(2024, 1, 20)):
        sweep_deadlines()
    return Detention.objects.get(pk=detention.pk), window, rfi


def test_a_deemed_exclusion_keeps_the_package_the_rfi_and_opens_the_protest_window(
        officer, org_a, importer_a, supervisor):
    detention, _, rfi = _deemed_excluded_uflpa(officer, org_a, importer_a, supervisor)
    assert detention.status == "deemed_excluded"
    assert detention.deemed_excluded_on == D(2024, 1, 20)
    assert detention.decided_on is None
    assert AdmissibilitySubmission.objects.get(detention=detention).status == "more_information_requested"
    assert RequestForInformation.objects.get(pk=rfi.pk).status == "open"
    # The RFI sent Wed 2024-01-10 is answered by Fri 2024-02-09 (30 days), still open after Jan 20.
    assert clock(detention, "rfi_response").state == "open"
    # 1514(c)(3): 180 days after Sat 2024-01-20 is Thu 2024-07-18.
    protest_window = clock(detention, "protest_filing")
    assert (protest_window.state, protest_window.starts_on, protest_window.due_date) == (
        "open", D(2024, 1, 20), D(2024, 7, 18))


def test_a_deemed_exclusion_keeps_a_running_importer_window_and_its_extension(officer, org_a, supervisor):
    # UFLPA response due Fri 2024-01-19, extended to Fri 2024-02-16 before the deemed exclusion on Jan 20.
    detention = detain(officer, org_a, "uflpa", imported=D(2023, 12, 19), presented=D(2023, 12, 20))
    with at(D(2024, 1, 5)):
        deadlines.grant_extension(actor=supervisor, deadline=clock(detention, "uflpa_response"),
                                  new_due_date=D(2024, 2, 16), reason="Importer asked for mill records.")
    with at(D(2024, 1, 20)):
        sweep_deadlines()
    window = clock(detention, "uflpa_response")
    assert (window.state, window.due_date) == ("open", D(2024, 2, 16))
    assert Detention.objects.get(pk=detention.pk).status == "deemed_excluded"


@pytest.mark.parametrize(("outcome", "status", "protest_window"), [
    ("release", "released", ("cancelled", D(2024, 7, 18))),
    # A later exclusion is a decision of its own: 180 days from Thu 2024-02-01 is Tue 2024-07-30.
    ("exclude", "excluded", ("open", D(2024, 7, 30))),
])
def test_the_agency_may_still_decide_after_a_deemed_exclusion_and_its_decision_supersedes_it(
        outcome, status, protest_window, officer, org_a, importer_a, supervisor):
    detention, _, _ = _deemed_excluded_uflpa(officer, org_a, importer_a, supervisor)
    with at(D(2024, 2, 1)):
        decisions.propose_decision(actor=officer, detention=detention, outcome=outcome, reasons="On the record.",
                                   release_ground="not_subject" if outcome == "release" else "")
        decisions.approve_decision(actor=supervisor, detention=detention)
    detention.refresh_from_db()
    assert (detention.status, detention.decided_on) == (status, D(2024, 2, 1))
    window = clock(detention, "protest_filing")
    assert (window.state, window.due_date) == protest_window


def test_a_caatsa_seizure_after_a_deemed_exclusion_closes_the_protest_window(officer, org_a, supervisor):
    # CAATSA presented Wed 2020-12-23: 30 days end Fri 2021-01-22, deemed excluded Sat 23 January.
    detention = detain(officer, org_a, "caatsa", imported=D(2020, 12, 22), presented=D(2020, 12, 23))
    with at(D(2021, 1, 23)):
        sweep_deadlines()
    with at(D(2021, 2, 3)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="seize", reasons="Unrebutted.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    detention.refresh_from_db()
    assert detention.status == "seized"
    assert clock(detention, "protest_filing").state == "cancelled"


# --- 3. Exclusion or seizure follows the 3-month proof window: 19 CFR 12.43, 12.44(a)-(b) -----------

@pytest.mark.parametrize(("imported", "due"), [
    (D(2020, 11, 30), D(2021, 3, 1)),  # Feb 28 2021 is a Sunday: rolled to Monday (domain.md example)
    (D(2023, 11, 30), D(2024, 2, 29)),  # clamped to the leap day, a Thursday
    (D(2021, 11, 30), D(2022, 2, 28)),  # clamped to Feb 28, a Monday
])
def test_proof_of_admissibility_is_due_three_calendar_months_after_importation(imported, due, officer, org_a):
    wro = factories.WroFactory(effective_date=D(2020, 7, 15))
    detention = detain(officer, org_a, "wro", imported=imported, presented=imported + datetime.timedelta(days=1),
                       wro=wro)
    assert clock(detention, "proof_of_admissibility").due_date == due


def _wro_case(officer, org, basis="wro"):
    order = ({"wro": factories.WroFactory(effective_date=D(2020, 7, 15))} if basis == "wro"
             else {"finding": factories.FindingFactory(published_date=D(2020, 3, 1))})
    detention = detain(officer, org, basis, imported=D(2020, 11, 30), presented=D(2020, 12, 23), **order)
    with at(D(2020, 12, 28)):
        detentions.issue_notice(actor=officer, detention=detention, **NOTICE)
    return Detention.objects.get(pk=detention.pk)


@pytest.mark.parametrize(("basis", "outcome", "section"), [("wro", "exclude", "12.44(a)"),
                                                           ("finding", "seize", "12.44(b)")])
def test_exclusion_or_seizure_before_the_proof_window_ends_is_refused_with_the_date(
        basis, outcome, section, officer, org_a):
    detention = _wro_case(officer, org_a, basis)
    with at(D(2021, 2, 26)), pytest.raises(InvalidTransition) as refused:
        decisions.propose_decision(actor=officer, detention=detention, outcome=outcome, reasons="No proof.")
    assert "01 March 2021" in refused.value.message and section in refused.value.message
    assert not detention.decisions.exists()


def test_exclusion_is_allowed_the_day_after_the_proof_window_closed(officer, org_a, supervisor):
    detention = _wro_case(officer, org_a)
    with at(D(2021, 3, 2)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="exclude", reasons="No proof.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    assert Detention.objects.get(pk=detention.pk).status == "excluded"


def test_exclusion_is_allowed_early_on_a_final_determination_that_the_proof_filed_is_insufficient(
        officer, org_a, importer_a, supervisor):
    detention = _wro_case(officer, org_a)
    with at(D(2021, 1, 12)):
        draft = submissions.save_draft(actor=importer_a, detention=detention, package="certificate_and_statement",
                                       summary="Certificate and statement attached.",
                                       answers=complete_answers("certificate_and_statement"))
        # The package's files are beside the point here: it stands as filed proof (12.43).
        AdmissibilitySubmission.objects.filter(pk=draft.pk).update(
            status="submitted", submitted_by=importer_a, submitted_at=datetime.datetime.now(datetime.UTC))
    with at(D(2021, 2, 1)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="exclude",
                                   reasons="The statement does not trace the cotton.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    assert Detention.objects.get(pk=detention.pk).status == "excluded"


def test_release_before_the_proof_window_ends_is_allowed(officer, org_a, supervisor):
    detention = _wro_case(officer, org_a)
    with at(D(2021, 1, 15)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="release", reasons="Exempted.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    assert Detention.objects.get(pk=detention.pk).status == "released"


# --- 4. Dates are the port's local date: domain.md section 3 ------------------------------------------

def _rfi_due_thursday(officer, org, port):
    """An RFI sent Tue 2024-04-30 at `port` is due Thu 2024-05-30 (30 days)."""
    detention = detain(officer, org, "caatsa", imported=D(2024, 4, 22), presented=D(2024, 4, 23), port=port)
    with at(D(2024, 4, 25)):
        detentions.issue_notice(actor=officer, detention=detention, **NOTICE)
    with at(D(2024, 4, 30)):
        rfi = rfis.send_rfi(actor=officer, detention=Detention.objects.get(pk=detention.pk), questions="Payroll?")
    assert rfi.due_date == D(2024, 5, 30)
    return rfi


@pytest.mark.parametrize(("port", "utc", "on_time"), [
    (LOS_ANGELES, datetime.datetime(2024, 5, 31, 0, 30), True),   # 17:30 PDT on Thu 30 May
    (NY, datetime.datetime(2024, 5, 31, 0, 30), True),            # 20:30 EDT on Thu 30 May
    (NY, datetime.datetime(2024, 5, 31, 4, 30), False),           # 00:30 EDT on 31 May: closed
    (HONOLULU, datetime.datetime(2024, 5, 31, 9, 59), True),      # 23:59 HST on 30 May
    (HONOLULU, datetime.datetime(2024, 5, 31, 10, 0), False),     # 00:00 HST on 31 May: closed
])
def test_an_importer_answering_before_local_midnight_at_the_port_is_on_time(
        port, utc, on_time, officer, org_a, importer_a):
    rfi = _rfi_due_thursday(officer, org_a, port)
    with time_machine.travel(utc.replace(tzinfo=datetime.UTC), tick=False):
        if on_time:
            rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="Attached.")
        else:
            with pytest.raises(InvalidTransition) as refused:
                rfis.answer_rfi(actor=importer_a, rfi=rfi, answer="Attached.")
            assert "30 May 2024" in refused.value.message
    assert RequestForInformation.objects.get(pk=rfi.pk).status == ("answered" if on_time else "open")


def test_a_clock_lapses_at_midnight_port_local_time(officer, org_a):
    new_york = _rfi_due_thursday(officer, org_a, NY)
    honolulu = _rfi_due_thursday(officer, org_a, HONOLULU)
    # 05:00 UTC on 31 May: 01:00 in New York (past midnight), 19:00 on 30 May in Honolulu.
    with time_machine.travel(datetime.datetime(2024, 5, 31, 5, 0, tzinfo=datetime.UTC), tick=False):
        sweep_deadlines()
    assert RequestForInformation.objects.get(pk=new_york.pk).status == "lapsed"
    assert RequestForInformation.objects.get(pk=honolulu.pk).status == "open"
    with time_machine.travel(datetime.datetime(2024, 5, 31, 10, 0, tzinfo=datetime.UTC), tick=False):
        sweep_deadlines()
    assert RequestForInformation.objects.get(pk=honolulu.pk).status == "lapsed"


def test_a_closure_of_one_port_moves_only_that_ports_business_day_clocks(officer, org_a, admin_user):
    honolulu = present(officer, org_a, imported=D(2024, 2, 23), presented=D(2024, 2, 26), port=HONOLULU)
    new_york = present(officer, org_a, imported=D(2024, 2, 23), presented=D(2024, 2, 26), port=NY)
    closure = Closure.objects.create(date=D(2024, 2, 28), reason="Storm: port closed", created_by=admin_user)
    closure.ports.add(Port.objects.get(code=HONOLULU))
    with at(D(2024, 2, 28)):
        deadlines.recompute_for_closure(actor=admin_user, closed_on=closure.date, port_codes={HONOLULU})
    # Without Wed 28 Feb: Tue 27, Thu 29, Fri 1, Mon 4, Tue 5 March.
    assert clock(honolulu, "detention_decision").due_date == D(2024, 3, 5)
    assert clock(new_york, "detention_decision").due_date == D(2024, 3, 4)


def test_ports_reference_data_ships_the_ports_and_their_zones():
    assert {p.code: (p.time_zone, p.dc_area) for p in Port.objects.filter(code__in=[NY, HONOLULU, WASHINGTON])} == {
        NY: ("America/New_York", False), HONOLULU: ("Pacific/Honolulu", False),
        WASHINGTON: ("America/New_York", True),
    }


# --- 5. UFLPA: goods entered on or after 2022-06-21; applicability review vs exception (sec. 3) -------

@pytest.mark.parametrize(("imported", "allowed"), [(D(2022, 6, 20), False), (D(2022, 6, 21), True)])
def test_the_uflpa_basis_applies_to_goods_entered_on_or_after_21_june_2022(imported, allowed, officer, org_a):
    shipment = present(officer, org_a, imported=imported, presented=D(2022, 6, 22))
    with at(D(2022, 6, 22)):
        if allowed:
            detentions.detain_shipment(actor=officer, shipment=shipment, basis="uflpa")
        else:
            with pytest.raises(ValidationError) as refused:
                detentions.detain_shipment(actor=officer, shipment=shipment, basis="uflpa")
            assert "21 June 2022" in str(refused.value)
    assert Detention.objects.filter(shipment=shipment).exists() == allowed


def _uflpa_case(officer, org):
    detention = detain(officer, org, "uflpa", imported=D(2023, 12, 19), presented=D(2023, 12, 20))
    with at(D(2023, 12, 21)):
        return detentions.issue_notice(actor=officer, detention=detention, **NOTICE)


def test_a_uflpa_release_must_say_whether_it_is_an_applicability_finding_or_an_exception(officer, org_a):
    detention = _uflpa_case(officer, org_a)
    with at(D(2024, 1, 5)), pytest.raises(ValidationError) as refused:
        decisions.propose_decision(actor=officer, detention=detention, outcome="release", reasons="Clean.")
    assert "release_ground" in refused.value.message_dict


def test_not_subject_to_uflpa_opens_no_report_to_congress(officer, org_a, supervisor):
    detention = _uflpa_case(officer, org_a)
    with at(D(2024, 1, 5)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="release",
                                   release_ground="not_subject", reasons="No XUAR nexus.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    assert not Deadline.objects.filter(detention=detention, kind="exception_report").exists()


def test_an_exception_needs_the_commissioners_approval(officer, org_a, supervisor):
    detention = _uflpa_case(officer, org_a)
    with at(D(2024, 1, 5)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="release",
                                   release_ground="exception", reasons="Clear and convincing evidence.")
        with pytest.raises(ActionNotPermitted) as refused:
            decisions.approve_decision(actor=supervisor, detention=detention)
    assert "Commissioner" in refused.value.message
    assert Detention.objects.get(pk=detention.pk).status == "notice_issued"


def test_an_exception_granted_opens_the_thirty_day_report_to_congress(officer, org_a, supervisor):
    Group.objects.get_or_create(name="Commissioner")[0].user_set.add(supervisor)
    detention = _uflpa_case(officer, org_a)
    with at(D(2024, 1, 12)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="release",
                                   release_ground="exception", reasons="Clear and convincing evidence.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    # UFLPA sec. 3(c): 30 days after Fri 2024-01-12 is Sun 2024-02-11 (an agency clock: not rolled).
    report = clock(detention, "exception_report")
    assert (report.state, report.due_date) == ("open", D(2024, 2, 11))


# --- 6. Extensions of an importer's window --------------------------------------------------------------

def test_an_extension_of_a_met_window_is_refused(officer, org_a, supervisor):
    detention = detain(officer, org_a, "uflpa", imported=D(2023, 12, 19), presented=D(2023, 12, 20))
    window = clock(detention, "uflpa_response")
    Deadline.objects.filter(pk=window.pk).update(state="met")
    with at(D(2024, 1, 5)), pytest.raises(InvalidTransition):
        deadlines.grant_extension(actor=supervisor, deadline=window, new_due_date=D(2024, 2, 1), reason="Asked.")


@pytest.mark.parametrize(("new_due", "allowed"), [(D(2025, 1, 18), True), (D(2025, 1, 19), False)])
def test_an_extension_may_run_at_most_a_year_past_the_original_due_date(new_due, allowed, officer, org_a, supervisor):
    # The UFLPA response of a presentation on Wed 2023-12-20 is due Fri 2024-01-19; 365 days later is 2025-01-18.
    detention = detain(officer, org_a, "uflpa", imported=D(2023, 12, 19), presented=D(2023, 12, 20))
    window = clock(detention, "uflpa_response")
    with at(D(2024, 1, 5)):
        if allowed:
            deadlines.grant_extension(actor=supervisor, deadline=window, new_due_date=new_due, reason="Audit due.")
        else:
            with pytest.raises(ValidationError) as refused:
                deadlines.grant_extension(actor=supervisor, deadline=window, new_due_date=new_due, reason="Audit.")
            assert "18 January 2025" in str(refused.value)
    assert clock(detention, "uflpa_response").due_date == (new_due if allowed else D(2024, 1, 19))


def _uflpa_protest(officer, org, importer_user, supervisor):
    """UFLPA goods excluded on Mon 2024-01-22; the importer protests on Thu 2024-02-01."""
    detention = _uflpa_case(officer, org)
    with at(D(2024, 1, 22)):
        decisions.propose_decision(actor=officer, detention=detention, outcome="exclude", reasons="Unrebutted.")
        decisions.approve_decision(actor=supervisor, detention=detention)
    with at(D(2024, 2, 1)):
        return helpers.file_protest(importer_user=importer_user, detention=Detention.objects.get(pk=detention.pk))


def test_a_uflpa_protest_allowed_without_an_exception_is_an_applicability_finding(
        officer, org_a, importer_a, supervisor):
    protest = _uflpa_protest(officer, org_a, importer_a, supervisor)
    with at(D(2024, 2, 5)):
        protests.propose_protest_decision(actor=officer, protest=protest, outcome="allow", reasons="Traced.")
    with at(D(2024, 2, 6)):
        protests.approve_protest_decision(actor=supervisor, protest=protest)
    protest.refresh_from_db()
    assert (protest.status, protest.proposed_release_ground) == ("allowed", "not_subject")
    assert not Deadline.objects.filter(detention=protest.detention, kind="exception_report").exists()


def test_a_ground_of_release_on_a_denial_is_refused(officer, org_a, importer_a, supervisor):
    protest = _uflpa_protest(officer, org_a, importer_a, supervisor)
    with at(D(2024, 2, 5)), pytest.raises(ValidationError) as refused:
        protests.propose_protest_decision(actor=officer, protest=protest, outcome="deny", release_ground="exception",
                                          reasons="Not traced.")
    assert "release_ground" in refused.value.message_dict


def test_an_exception_granted_on_protest_needs_the_commissioner_and_opens_the_report_to_congress(
        officer, org_a, importer_a, supervisor, officer2):
    protest = _uflpa_protest(officer, org_a, importer_a, supervisor)
    with at(D(2024, 2, 5)):
        protests.propose_protest_decision(actor=officer, protest=protest, outcome="allow", release_ground="exception",
                                          reasons="Clear and convincing evidence of no forced labor.")
    with at(D(2024, 2, 6)), pytest.raises(ActionNotPermitted):
        protests.approve_protest_decision(actor=supervisor, protest=protest)
    Group.objects.get_or_create(name="Commissioner")[0].user_set.add(supervisor)
    with at(D(2024, 2, 6)):
        protests.approve_protest_decision(actor=supervisor, protest=protest)
    # UFLPA sec. 3(c): 30 days after Tue 2024-02-06 (February 2024 has 29 days) is Thu 2024-03-07.
    report = clock(protest.detention, "exception_report")
    assert (report.state, report.due_date) == ("open", D(2024, 3, 7))
    assert Detention.objects.get(pk=protest.detention_id).status == "released"
