"""Hits: raised when an entry arrives and when a list changes, and the three dispositions."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent, Deadline, DetentionStatus, EntryLine, ImporterOrganisation
from cases.screening import engine
from cases.screening.list_services import confirm_list_version, ensure_lists, load_shipped_lists, stage_list_version
from cases.screening.models import HitStatus, ScreeningHit
from cases.screening.services import (
    clear_hit,
    detain_from_hit,
    hold_hit_for_examination,
    rescreen_entries,
    screen_shipment,
)
from cases.services.shipments import register_shipment
from tests.factories import EntryLineFactory, ShipmentFactory, WroFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 2)  # a Monday


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 15, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _entry(name="Hoshine Silicon Industry (Shanshan) Co., Ltd.", mid="", country="CN", hts="2804.61.0000",
           address="", presented=None):
    shipment = ShipmentFactory(country_of_origin=country, hts_codes=[hts], presentation_date=presented,
                               importation_date=datetime.date(2026, 10, 28), lines=[])
    EntryLineFactory(shipment=shipment, line_number=1, manufacturer_name=name, manufacturer_id=mid,
                     country_of_origin=country, hts_code=hts, manufacturer_address=address)
    return shipment


def test_registering_an_entry_screens_it_in_the_same_transaction(lists, officer):
    org = ImporterOrganisation.objects.create(name="Alpha Imports LLC", importer_number="12-3456789AB")
    shipment = register_shipment(
        actor=officer, entry_number="AB1-1234567-1", importer=org, country_of_origin="CN",
        hts_codes=["6110.20.2079"], description="Cotton sweaters", quantity="100", value="5000", port_code="1001",
        importation_date=datetime.date(2026, 10, 30), presentation_date=None)
    # 6110 (knitted apparel, chapter 61) from CN: the apparel high-priority sector.
    assert [(h.list_code, h.entity_name) for h in shipment.screening_hits.all()] == [
        (engine.UFLPA_SECTORS, "Apparel")]


def test_screening_a_listed_manufacturer_records_list_entity_score_fields_and_rule_version(lists):
    shipment = _entry()
    hits = {h.list_code: h for h in screen_shipment(shipment)}
    hit = hits[engine.UFLPA_ENTITIES]
    assert (hit.entity_name, hit.score, hit.matched_on) == (
        "Hoshine Silicon Industry (Shanshan) Co., Ltd.", 100.0, ["manufacturer_name"])
    assert hit.rule_version.endswith("uflpa_entity_list@v1")
    assert hit.listed_entity.reference_list.code == engine.UFLPA_ENTITIES


def test_screening_twice_raises_nothing_new(lists):
    shipment = _entry()
    first = screen_shipment(shipment)
    assert first
    assert screen_shipment(shipment) == []
    assert ScreeningHit.objects.filter(shipment=shipment).count() == len(first)


def test_raised_hits_are_audited_on_the_entry(lists):
    shipment = _entry()
    screen_shipment(shipment)
    assert AuditEvent.objects.filter(object_id=str(shipment.pk), action="raise_screening_hits").count() == 1


def test_a_list_change_rescreens_open_entries(admin_user, lists, django_capture_on_commit_callbacks):
    shipment = _entry(name="Acme Silicon Trading", hts="8504.40.9580")
    assert not screen_shipment(shipment)
    content = (b"name,aliases,country,address,list_section,added_on,source\n"
               b"Acme Silicon Trading Co.,,China,,s,2026-11-01,test\n")
    version = stage_list_version(actor=admin_user, reference_list=ensure_lists()[engine.CAATSA_ENTITIES],
                                 file_name="caatsa.csv", content=content)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline in tests, after commit
        confirm_list_version(actor=admin_user, version=version)
    assert ScreeningHit.objects.filter(shipment=shipment, list_code=engine.CAATSA_ENTITIES).count() == 1


def test_rescreen_skips_entries_decided_long_ago(lists):
    shipment = _entry(hts="8504.40.9580")
    shipment.release_status = "released"
    shipment.importation_date = datetime.date(2025, 1, 2)
    shipment.save()
    assert rescreen_entries() == 0


def _hit(shipment, code=engine.UFLPA_ENTITIES):
    screen_shipment(shipment)
    return ScreeningHit.objects.get(shipment=shipment, list_code=code)


def test_clearing_needs_a_reason(lists, officer):
    hit = _hit(_entry(mid="CNHOSSIL12SHA"))
    with pytest.raises(ValidationError):
        clear_hit(actor=officer, hit=hit, reason=" ")
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN


def test_a_cleared_mid_and_entity_are_not_raised_again_until_the_entry_changes(admin_user, lists, officer):
    hit = _hit(_entry(mid="CNHOSSIL12SHA"))
    clear_hit(actor=officer, hit=hit, reason="Different plant: the MID is a Hoshine trading office in Ningbo.")
    later = _entry(mid="CNHOSSIL12SHA")
    screen_shipment(later)
    assert not ScreeningHit.objects.filter(shipment=later, list_code=engine.UFLPA_ENTITIES).exists()
    other_mid = _entry(mid="CNHOSSIL99SHA")
    screen_shipment(other_mid)
    assert ScreeningHit.objects.filter(shipment=other_mid, list_code=engine.UFLPA_ENTITIES).exists()
    # The list entry changes (a new alias): the clearance no longer applies.
    listed = hit.listed_entity
    rows = [{"name": e.name, "aliases": "|".join(e.aliases + (["Hoshine Shanshan"] if e.pk == listed.pk else [])),
             "section": e.section} for e in ensure_lists()[engine.UFLPA_ENTITIES].entities.all()]
    lines = ["name,aliases,list_section"] + [f'"{r["name"]}","{r["aliases"]}","{r["section"]}"' for r in rows]
    version = stage_list_version(actor=admin_user, reference_list=ensure_lists()[engine.UFLPA_ENTITIES],
                                 file_name="v2.csv", content="\n".join(lines).encode())
    confirm_list_version(actor=admin_user, version=version)
    screen_shipment(later)
    assert ScreeningHit.objects.filter(shipment=later, list_code=engine.UFLPA_ENTITIES, entity_revision=2).exists()


def test_clearing_is_audited_with_its_reason(lists, officer):
    hit = clear_hit(actor=officer, hit=_hit(_entry()), reason="Name shared with an unrelated firm in Penang.")
    event = AuditEvent.objects.get(object_id=str(hit.pk), action="clear_hit")
    assert event.reason == "Name shared with an unrelated firm in Penang."


def test_importers_cannot_decide_hits(lists, importer_a):
    with pytest.raises(ActionNotPermitted):
        clear_hit(actor=importer_a, hit=_hit(_entry()), reason="Not us.")


def test_holding_for_examination_records_presentation_and_opens_the_five_business_day_clock(lists, officer):
    shipment = _entry()
    hit = hold_hit_for_examination(actor=officer, hit=_hit(shipment), presentation_date=TODAY)
    shipment.refresh_from_db()
    assert (hit.status, shipment.presentation_date, shipment.exam_basis) == (HitStatus.HELD, TODAY, "uflpa")
    clock = Deadline.objects.get(shipment=shipment, kind="detention_decision", state="open")
    # Presented Monday 2 November 2026: five business days later is Monday 9 November.
    assert clock.due_date == datetime.date(2026, 11, 9)


def test_a_held_hit_cannot_be_held_again(lists, officer):
    hit = hold_hit_for_examination(actor=officer, hit=_hit(_entry()), presentation_date=TODAY)
    with pytest.raises(InvalidTransition):
        hold_hit_for_examination(actor=officer, hit=hit, presentation_date=TODAY)


def test_detaining_from_a_hit_uses_its_basis_and_the_detention_has_its_clocks(lists, officer):
    shipment = _entry(presented=datetime.date(2026, 10, 30))
    hit, detention = detain_from_hit(actor=officer, hit=_hit(shipment))
    assert (hit.status, hit.detention, detention.basis, detention.status) == (
        HitStatus.DETAINED, detention, "uflpa", DetentionStatus.DETAINED)
    kinds = set(Deadline.objects.filter(detention=detention, state="open").values_list("kind", flat=True))
    assert "detention_notice" in kinds


def test_detaining_an_unpresented_entry_needs_the_presentation_date(lists, officer):
    hit = _hit(_entry())
    with pytest.raises(ValidationError):
        detain_from_hit(actor=officer, hit=hit)
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN


def test_a_hit_on_an_orders_list_entry_prefills_the_order(admin_user, officer):
    wro = WroFactory(entity__name="Brightway Gloves Sdn. Bhd.", hts_codes=["4015.19"], country="MY")
    load_shipped_lists(actor=admin_user)
    shipment = _entry(name="Brightway Gloves Sdn Bhd", country="MY", hts="4015.19.0510",
                      presented=datetime.date(2026, 10, 30))
    hit = _hit(shipment, engine.ORDERS)
    assert hit.matched_on == ["manufacturer_name", "hts"]
    _hit_after, detention = detain_from_hit(actor=officer, hit=hit)
    assert (detention.basis, detention.wro) == ("wro", wro)


def test_a_producer_named_by_an_order_for_other_goods_raises_nothing_on_that_order(admin_user):
    WroFactory(entity__name="Brightway Gloves Sdn. Bhd.", hts_codes=["4015.19"], country="MY")
    load_shipped_lists(actor=admin_user)
    shipment = _entry(name="Brightway Gloves Sdn Bhd", country="MY", hts="9403.60.8081")
    assert not [h for h in screen_shipment(shipment) if h.list_code == engine.ORDERS]


def test_demo_entries_raise_true_hits_and_leave_near_misses_and_clean_lines_clear():
    from cases.demo import seed_people
    from cases.demo_entries import CLEAN, NEAR_MISSES, TRUE_HITS, seed_entries
    from cases.screening.demo import seed_screening_lists

    seed_screening_lists(seed_people())
    seed_entries()
    names = (engine.ORDERS, engine.UFLPA_ENTITIES, engine.CAATSA_ENTITIES)
    lines = EntryLine.objects.filter(shipment__entry_number__startswith="DE").prefetch_related("screening_hits")
    by_kind = {"hit": {s[0] for s in TRUE_HITS}, "near": {s[0] for s in NEAR_MISSES}, "clean": {s[0] for s in CLEAN}}
    seen = set()
    for line in lines:
        raised = {hit.list_code for hit in line.screening_hits.all()}
        name = line.manufacturer_name
        seen.add(name)
        if name in by_kind["hit"]:
            assert raised, name
        elif name in by_kind["near"]:
            # Another company: no name list may match; a rule on the goods (a high-priority sector) still may.
            assert not raised & set(names), (name, raised)
        else:
            assert name in by_kind["clean"] and not raised, (name, raised)
    assert seen == set().union(*by_kind.values())
    # Run again: the intake finds every entry already recorded and raises nothing new.
    hits = ScreeningHit.objects.count()
    assert seed_entries().entries_created == 0 and ScreeningHit.objects.count() == hits
