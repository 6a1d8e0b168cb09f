"""Reference lists: the shipped defaults, uploads with a diff, confirmation, and what screening sees."""

import datetime

import pytest

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import AuditEvent
from cases.screening import engine
from cases.screening.list_services import (
    confirm_list_version,
    discard_list_version,
    ensure_lists,
    load_shipped_lists,
    stage_list_version,
    sync_orders_list,
)
from cases.screening.lists import ListFileError, parse_list_file
from cases.screening.models import ListedEntity, VersionStatus
from tests.factories import ForeignEntityFactory, WroFactory

pytestmark = pytest.mark.django_db

HEADER = "name,aliases,country,address,list_section,added_on,source\n"
TWO = HEADER + (
    '"Aksu Huafu Textiles Co., Ltd.",Akesu Huafu,China,"Aksu, Xinjiang",2(d)(2)(B)(ii),2022-06-21,S\n'
    "Camel Group Co. Ltd.,,China,,2(d)(2)(B)(ii),2023-08-02,2023-16361\n"
)


def _upload(admin, text, code=engine.UFLPA_ENTITIES):
    reference_list = ensure_lists()[code]
    return stage_list_version(actor=admin, reference_list=reference_list, file_name="list.csv",
                              content=text.encode())


def test_shipped_uflpa_list_loads_every_row_of_the_file(admin_user):
    loaded = load_shipped_lists(actor=admin_user)
    # 99 data rows in cases/screening/data/uflpa_entity_list.csv (one per entity per section).
    assert loaded[engine.UFLPA_ENTITIES] == 99
    assert loaded[engine.UFLPA_SECTORS] == 12
    assert loaded[engine.CAATSA_ENTITIES] == 0


def test_loading_shipped_lists_twice_changes_nothing(admin_user):
    load_shipped_lists(actor=admin_user)
    load_shipped_lists(actor=admin_user)
    assert ensure_lists()[engine.UFLPA_ENTITIES].version == 1


def test_dhs_table_headings_are_read_as_the_same_columns():
    rows = parse_list_file(b"Entity Name,Also Known As,Effective Date,UFLPA Section\n"
                           b"Camel Group Co. Ltd.,Camel Group,08/02/2023,2(d)(2)(B)(ii)\n", "entities")
    assert rows[0]["name"] == "Camel Group Co. Ltd."
    assert rows[0]["aliases"] == ["Camel Group"]
    assert rows[0]["added_on"] == "2023-08-02"
    assert rows[0]["section"] == "2(d)(2)(B)(ii)"


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfename\n", "not UTF-8"),
    (b"aliases,country\nx,CN\n", r"Missing column\(s\): name"),
    (b"", "empty"),
    (b"name\n", "no entries"),
])
def test_malformed_list_files_are_refused_whole(content, message):
    with pytest.raises(ListFileError, match=message):
        parse_list_file(content, "entities")


@pytest.mark.parametrize(("row", "reason"), [
    ('"=HYPERLINK(""http://x"")",,China,,s,2024-01-01,x', "formula"),
    ("Acme,,Narnia,,s,2024-01-01,x", "not an ISO 3166"),
    ("Acme,,China,,s,yesterday,x", "not a date"),
])
def test_bad_rows_are_named_with_their_line_and_reason(row, reason):
    with pytest.raises(ListFileError) as refused:
        parse_list_file((HEADER + "Good Co,,China,,s,2024-01-01,x\n" + row + "\n").encode(), "entities")
    assert refused.value.errors[0].startswith("Row 3:")
    assert reason in refused.value.errors[0]


def test_upload_shows_added_removed_renamed_and_changed_before_confirmation(admin_user):
    confirm_list_version(actor=admin_user, version=_upload(admin_user, TWO))
    new = HEADER + (
        '"Aksu Huafu Color Spinning Co., Ltd.","Aksu Huafu Textiles Co., Ltd.|Akesu Huafu",China,"Aksu, Xinjiang",'
        "2(d)(2)(B)(ii),2025-01-15,2025-00901\n"
        "Ninestar Corporation,,China,,2(d)(2)(B)(ii),2023-06-12,2023-12481\n"
    )
    version = _upload(admin_user, new)
    assert [r["name"] for r in version.diff["added"]] == ["Ninestar Corporation"]
    assert [r["name"] for r in version.diff["removed"]] == ["Camel Group Co. Ltd."]
    assert [(r["from"], r["to"]) for r in version.diff["renamed"]] == [
        ("Aksu Huafu Textiles Co., Ltd.", "Aksu Huafu Color Spinning Co., Ltd.")]
    assert ListedEntity.objects.filter(name="Ninestar Corporation").count() == 0  # not before confirmation


def test_confirming_dates_a_removal_and_raises_the_revision_of_a_renamed_entry(admin_user):
    confirm_list_version(actor=admin_user, version=_upload(admin_user, TWO))
    aksu = ListedEntity.objects.get(name__startswith="Aksu")
    new = HEADER + ('"Aksu Huafu Color Spinning Co., Ltd.","Aksu Huafu Textiles Co., Ltd.",China,,'
                    "2(d)(2)(B)(ii),2025-01-15,2025-00901\n")
    confirm_list_version(actor=admin_user, version=_upload(admin_user, new), effective=datetime.date(2025, 1, 15))
    aksu.refresh_from_db()
    assert (aksu.name, aksu.revision, aksu.removed_on) == ("Aksu Huafu Color Spinning Co., Ltd.", 2, None)
    camel = ListedEntity.objects.get(name="Camel Group Co. Ltd.")
    assert camel.removed_on == datetime.date(2025, 1, 15)


def test_list_changes_are_audited(admin_user):
    version = confirm_list_version(actor=admin_user, version=_upload(admin_user, TWO))
    actions = set(AuditEvent.objects.filter(object_id=str(version.pk)).values_list("action", flat=True))
    assert actions == {"stage_list_version", "confirm_list_version"}


def test_only_an_administrator_updates_a_list(officer, admin_user):
    with pytest.raises(ActionNotPermitted):
        _upload(officer, TWO)
    version = _upload(admin_user, TWO)
    with pytest.raises(ActionNotPermitted):
        confirm_list_version(actor=officer, version=version)


def test_a_discarded_upload_cannot_be_confirmed(admin_user):
    version = discard_list_version(actor=admin_user, version=_upload(admin_user, TWO), reason="wrong file")
    assert version.status == VersionStatus.DISCARDED
    with pytest.raises(InvalidTransition):
        confirm_list_version(actor=admin_user, version=version)
    assert not ListedEntity.objects.exists()


def test_orders_in_force_become_the_orders_list_with_their_hts_scope():
    entity = ForeignEntityFactory(name="Brightway Gloves Sdn. Bhd.", aliases=["Brightway Holdings"])
    WroFactory(entity=entity, reference="WRO-2021-0001", hts_codes=["4015.19"])
    WroFactory(reference="WRO-2019-0002", status="inactive", inactive_since=datetime.date(2024, 1, 1))
    sync_orders_list()
    [listed] = ListedEntity.objects.filter(reference_list__code=engine.ORDERS)
    assert (listed.name, listed.aliases, listed.hts_prefixes) == (
        "Brightway Gloves Sdn. Bhd.", ["Brightway Holdings"], ["401519"])


def test_screening_sees_a_confirmed_list_without_a_restart(admin_user):
    assert engine.check_line(manufacturer_name="Camel Group Co., Ltd.") == []
    confirm_list_version(actor=admin_user, version=_upload(admin_user, TWO))
    [hit] = engine.check_line(manufacturer_name="Camel Group Co., Ltd.")
    assert (hit.list_code, hit.entity_name, hit.score) == (engine.UFLPA_ENTITIES, "Camel Group Co. Ltd.", 100)
