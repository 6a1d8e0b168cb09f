"""A hit's decide-by date: the due date of its entry's open release-or-detain clock (19 U.S.C. 1499(c)(1)),
stored on the hit so the hits queue sorts on an index. tests/conftest.py compares every hit's stored date with
the recomputed one after each test; these tests follow one entry through the acts that move its clock."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from cases.screening import engine
from cases.screening.models import ScreeningHit
from cases.screening.services import clear_hit, hold_hit_for_examination, screen_shipment
from cases.services.shipments import record_presentation, release_shipment
from tests.factories import EntryLineFactory, ShipmentFactory

pytestmark = pytest.mark.django_db

# Presented on Monday 2 November 2026: five business days later is Monday 9 November (no federal holiday
# between; Veterans Day is the 11th).
PRESENTED = datetime.date(2026, 11, 2)
DECIDE_BY = datetime.date(2026, 11, 9)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 3, 15, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _entry():
    shipment = ShipmentFactory(country_of_origin="CN", hts_codes=["8504.40.9580"], presentation_date=None,
                               importation_date=datetime.date(2026, 10, 30), lines=[])
    EntryLineFactory(shipment=shipment, line_number=1, manufacturer_name="Hesheng Silicon Industry (Shanshan) Co.",
                     country_of_origin="CN", hts_code="8504.40.9580", manufacturer_address="Shanshan County, Turpan")
    return shipment


def _dates(shipment):
    return set(ScreeningHit.objects.filter(shipment=shipment).values_list("decide_by", flat=True))


def test_the_date_follows_the_entry_from_presentation_to_release(officer, lists):
    shipment = _entry()
    screen_shipment(shipment)
    assert _dates(shipment) == {None}  # not presented: no clock runs

    record_presentation(actor=officer, shipment=shipment, presentation_date=PRESENTED)
    assert _dates(shipment) == {DECIDE_BY}

    release_shipment(actor=officer, shipment=shipment, released_on=datetime.date(2026, 11, 3))
    assert _dates(shipment) == {None}


def test_a_hit_raised_while_the_clock_runs_takes_its_date(officer, lists):
    shipment = _entry()
    record_presentation(actor=officer, shipment=shipment, presentation_date=PRESENTED)
    screen_shipment(shipment)

    assert _dates(shipment) == {DECIDE_BY}


def test_holding_a_hit_starts_the_clock_for_every_hit_of_the_entry(officer, lists):
    shipment = _entry()
    hits = screen_shipment(shipment)
    assert len(hits) >= 2  # the listed alias and the Xinjiang address

    hold_hit_for_examination(actor=officer, hit=hits[0], presentation_date=PRESENTED)
    clear_hit(actor=officer, hit=hits[1], reason="Different plant, confirmed by the MID.")

    assert _dates(shipment) == {DECIDE_BY}  # the entry's clock, whatever each hit's own state


def test_check_next_clocks_reports_a_hit_whose_date_drifted_and_fixes_it(officer, lists, capsys):
    shipment = _entry()
    screen_shipment(shipment)
    record_presentation(actor=officer, shipment=shipment, presentation_date=PRESENTED)
    hit = ScreeningHit.objects.filter(shipment=shipment, list_code=engine.UFLPA_ENTITIES).get()
    ScreeningHit.objects.filter(pk=hit.pk).update(decide_by=datetime.date(2026, 12, 1))

    with pytest.raises(CommandError, match="1 screening hit"):
        call_command("check_next_clocks")
    assert f"screening hit {hit.pk}: stored decide by 2026-12-01, recomputed 2026-11-09" in capsys.readouterr().out

    call_command("check_next_clocks", "--fix")
    assert _dates(shipment) == {DECIDE_BY}
