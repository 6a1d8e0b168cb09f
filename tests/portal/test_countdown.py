"""The importer's deadlines in words and dates."""

import datetime

from cases.models import Deadline
from cases.views.portal.common import countdown

TODAY = datetime.date(2026, 1, 8)


def window(due, state="open", kind="proof_of_admissibility", citation="19 CFR 12.43"):
    return Deadline(kind=kind, due_date=due, state=state, citation=citation, starts_on=TODAY, computed_due_date=due)


def test_days_left_with_the_act_the_date_and_the_citation():
    text = countdown(window(datetime.date(2026, 1, 31)), on=TODAY)

    assert text == "23 days left to submit proof of admissibility: due 31 January 2026, 19 CFR 12.43"


def test_one_day_left_is_singular():
    assert countdown(window(datetime.date(2026, 1, 9)), on=TODAY).startswith("1 day left to ")


def test_the_last_day_says_so():
    text = countdown(window(TODAY, kind="rfi_response", citation="CBP Form 28 practice"), on=TODAY)

    assert text == "Last day to answer the request for information: due 8 January 2026, CBP Form 28 practice"


def test_a_passed_or_lapsed_window_says_when_it_closed():
    passed = countdown(window(datetime.date(2026, 1, 7)), on=TODAY)
    lapsed = countdown(window(datetime.date(2026, 2, 7), state="lapsed"), on=TODAY)

    assert passed == "The time to submit proof of admissibility closed on 7 January 2026 (19 CFR 12.43)"
    assert lapsed.startswith("The time to submit proof of admissibility closed on 7 February 2026")
