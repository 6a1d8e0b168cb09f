"""Writes to the reference lists: an upload is staged with its diff, an administrator confirms or discards
it, and confirming applies the diff, audited, and re-screens open entries after commit."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cases.audit import record_event
from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import Finding, FindingStatus, Role, WithholdReleaseOrder, WroStatus
from cases.screening import engine
from cases.screening.lists import ListDiff, compare, entry_key, parse_list_file
from cases.screening.models import ListedEntity, ListKind, ReferenceList, ReferenceListVersion, VersionStatus
from cases.services.support import lock, today

DATA = Path(__file__).resolve().parent / "data"

# code: (name, kind, basis, source, shipped file or None)
LISTS = {
    engine.UFLPA_ENTITIES: (
        "UFLPA Entity List", ListKind.ENTITIES, "uflpa",
        "DHS Forced Labor Enforcement Task Force, UFLPA sec. 2(d)(2)(B). The shipped default is partial "
        "(about 94 of 144 entities); load the official DHS table for the full list. Sources and caveats: "
        "cases/screening/data/uflpa_entity_list.SOURCES.md.", "uflpa_entity_list.csv"),
    engine.CAATSA_ENTITIES: (
        "Entities reported to use North Korean labor (CAATSA sec. 321(b))", ListKind.ENTITIES, "caatsa",
        "Kept by the agency's administrators from reports under 22 U.S.C. 9241a; no public list is shipped.", None),
    engine.UFLPA_SECTORS: (
        "UFLPA high-priority sectors (by HTS heading)", ListKind.SECTORS, "uflpa",
        "Sectors named in the UFLPA Strategy and its 2024 and 2025 updates; the HTS headings per sector are "
        "the system's mapping, to be kept by administrators.", "uflpa_high_priority_sectors.csv"),
    engine.ORDERS: (
        "Withhold Release Orders and Findings in force", ListKind.ENTITIES, "wro",
        "The orders registry: producers named by WROs and Findings in force, their aliases, country and HTS scope.",
        None),
}
ENTITY_FIELDS = ("name", "aliases", "country", "address", "section", "hts_prefixes", "source", "added_on")


def _require_admin(actor, what: str) -> None:
    if actor is not None and getattr(actor, "role", None) != Role.ADMIN:
        raise ActionNotPermitted(f"Only an administrator may {what}.")


def ensure_lists() -> dict[str, ReferenceList]:
    out = {}
    for code, (name, kind, basis, source, _file) in LISTS.items():
        out[code], _ = ReferenceList.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "legal_basis": basis, "source": source})
    return out


def in_force_rows(reference_list: ReferenceList) -> list[dict]:
    return [{"key": e.key, **{f: getattr(e, f) for f in ENTITY_FIELDS},
             "added_on": e.added_on.isoformat() if e.added_on else None}
            for e in reference_list.entities.filter(removed_on__isnull=True)]


def stage_list_version(*, actor, reference_list: ReferenceList, file_name: str, content: bytes) -> ReferenceListVersion:
    """Parse an uploaded version and keep it with its diff until an administrator confirms it.

    A malformed file raises ``ListFileError`` and nothing is stored."""
    _require_admin(actor, "update a reference list")
    if reference_list.code == engine.ORDERS:
        raise InvalidTransition(action="stage_list_version", current_state="kept_from_the_registry",
                                object_label="orders list", reason="change the orders instead.")
    rows = parse_list_file(content, reference_list.kind)
    with transaction.atomic():
        diff = compare(in_force_rows(reference_list), rows)
        version = ReferenceListVersion.objects.create(
            reference_list=reference_list, file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(),
            rows=rows, diff=diff.as_json(), uploaded_by=actor)
        record_event(actor=actor, action="stage_list_version", obj=version,
                     after={"list": reference_list.code, "file": version.file_name, "sha256": version.sha256,
                            **_counts(diff)})
    return version


def _counts(diff: ListDiff) -> dict:
    return {"added": len(diff.added), "removed": len(diff.removed), "renamed": len(diff.renamed),
            "changed": len(diff.changed)}


def discard_list_version(*, actor, version: ReferenceListVersion, reason: str = "") -> ReferenceListVersion:
    _require_admin(actor, "discard a list upload")
    action = "discard_list_version"
    with transaction.atomic():
        version = lock(version)
        if version.status != VersionStatus.PENDING:
            raise InvalidTransition(action=action, current_state=version.status, object_label="list upload")
        version.status, version.decided_by, version.decided_at = VersionStatus.DISCARDED, actor, timezone.now()
        version.save(update_fields=["status", "decided_by", "decided_at"])
        record_event(actor=actor, action="discard_list_version", obj=version, reason=reason,
                     after={"status": version.status})
    return version


def confirm_list_version(*, actor, version: ReferenceListVersion, effective: datetime.date | None = None):
    """Apply a staged version: entries added, removed (dated, kept), renamed or changed (revision + 1).

    The diff is recomputed against the list in force at confirmation, so two uploads confirmed one after
    the other each apply what they change. Re-screening of open entries runs after commit."""
    _require_admin(actor, "confirm a list update")
    action = "confirm_list_version"
    with transaction.atomic():
        version = lock(version)
        if version.status != VersionStatus.PENDING:
            raise InvalidTransition(action=action, current_state=version.status, object_label="list upload")
        reference_list = lock(version.reference_list)
        diff = _apply(reference_list, version.rows, effective or today())
        reference_list.version += 1
        reference_list.save(update_fields=["version", "updated_at"])
        version.status, version.number = VersionStatus.CONFIRMED, reference_list.version
        version.decided_by, version.decided_at, version.diff = actor, timezone.now(), diff.as_json()
        version.save(update_fields=["status", "number", "decided_by", "decided_at", "diff"])
        record_event(actor=actor, action="confirm_list_version", obj=version,
                     before={"version": reference_list.version - 1},
                     after={"list": reference_list.code, "version": reference_list.version, **_counts(diff),
                            "renamed": [[r["from"], r["to"]] for r in diff.renamed],
                            "removed": [r["name"] for r in diff.removed]})
        _rescreen_after_commit(reference_list.code)
    return version


def _apply(reference_list: ReferenceList, rows: list[dict], effective: datetime.date) -> ListDiff:
    diff = compare(in_force_rows(reference_list), rows)
    current = {e.key: e for e in reference_list.entities.all()}
    for gone in diff.removed:
        ListedEntity.objects.filter(pk=current[gone["key"]].pk).update(removed_on=effective)
    for renamed in diff.renamed:
        _update(current[renamed["key"]], renamed["row"])
    for changed in diff.changed:
        _update(current[changed["key"]], changed["row"])
    for row in diff.added:
        if row["key"] in current:  # back on the list after a removal
            _update(current[row["key"]], row)
        else:
            ListedEntity.objects.create(reference_list=reference_list, **_fields(row))
    return diff


def _fields(row: dict) -> dict:
    facts = {f: row.get(f) if row.get(f) is not None else "" for f in ENTITY_FIELDS}
    facts["added_on"] = row.get("added_on") or None
    facts.update({k: row[k] for k in ("key", "wro", "finding") if k in row})
    return facts


def _update(entity: ListedEntity, row: dict) -> None:
    for name, value in _fields(row).items():
        setattr(entity, name, value)
    entity.removed_on = None
    entity.revision += 1
    entity.save()


def load_shipped_lists(*, actor=None) -> dict[str, int]:
    """The shipped defaults as the first version of each list (demo, first start); a list already loaded
    is left as it is. Returns the entries per list."""
    lists = ensure_lists()
    loaded = {}
    for code, (_name, kind, _basis, _source, file_name) in LISTS.items():
        reference_list = lists[code]
        if file_name and reference_list.version == 0:
            content = (DATA / file_name).read_bytes()
            rows = parse_list_file(content, kind)
            with transaction.atomic():
                version = ReferenceListVersion.objects.create(
                    reference_list=reference_list, file_name=file_name, sha256=hashlib.sha256(content).hexdigest(),
                    rows=rows, diff={}, uploaded_by=actor)
                _confirm_system(version, actor)
        loaded[code] = reference_list.entities.filter(removed_on__isnull=True).count()
    sync_orders_list(actor=actor)
    loaded[engine.ORDERS] = lists[engine.ORDERS].entities.filter(removed_on__isnull=True).count()
    return loaded


def _confirm_system(version: ReferenceListVersion, actor) -> ListDiff:
    reference_list = lock(version.reference_list)
    diff = _apply(reference_list, version.rows, today())
    reference_list.version += 1
    reference_list.save(update_fields=["version", "updated_at"])
    version.status, version.number, version.decided_at = VersionStatus.CONFIRMED, reference_list.version, timezone.now()
    version.diff = diff.as_json()
    version.save(update_fields=["status", "number", "decided_at", "diff"])
    record_event(actor=actor, action="confirm_list_version", obj=version,
                 after={"list": reference_list.code, "version": reference_list.version, **_counts(diff)})
    return diff


def _split_aka(text: str) -> list[str]:
    return [part.strip(" ()") for part in re.split(r"\(?\b(?:a/k/a|aka|also known as)\b", text, flags=re.I)
            if part.strip(" ()")]


def order_rows() -> list[dict]:
    """The orders in force as list rows: the producer's names, country and HTS scope."""
    rows = []
    wros = WithholdReleaseOrder.objects.filter(status__in=[WroStatus.ACTIVE, WroStatus.PARTIALLY_ACTIVE])
    findings = Finding.objects.filter(status__in=[FindingStatus.PUBLISHED, FindingStatus.MODIFIED])
    for kind, orders in (("WRO", wros.select_related("entity")), ("Finding", findings.select_related("entity"))):
        for order in orders:
            names = _split_aka(order.entity_name)
            aliases = names[1:] + [a for a in (order.entity.aliases if order.entity else []) if a not in names]
            section = f"{kind}{' (region-wide)' if order.is_region_wide else ''} {order.reference}"
            rows.append({
                "key": entry_key("entities", order.reference, kind), "name": names[0] if names else order.entity_name,
                "aliases": aliases, "country": order.country, "address": order.entity.address if order.entity else "",
                "section": section, "hts_prefixes": [c.replace(".", "") for c in order.hts_codes or []],
                "source": order.source[:300], "added_on": order.effective_date.isoformat() if order.effective_date
                else None, "wro": order if kind == "WRO" else None, "finding": order if kind == "Finding" else None,
            })
    return rows


def sync_orders_list(*, actor=None) -> ListDiff:
    """Bring the orders list in line with the registry; a new list version only when something changed."""
    reference_list = ensure_lists()[engine.ORDERS]
    rows = order_rows()
    diff = compare(in_force_rows(reference_list), [{k: v for k, v in r.items() if k not in ("wro", "finding")}
                                                   for r in rows])
    if diff.is_empty:
        return diff
    with transaction.atomic():
        stored = [{k: (v.pk if k in ("wro", "finding") and v is not None else v) for k, v in r.items()}
                  for r in rows]
        version = ReferenceListVersion.objects.create(reference_list=reference_list, file_name="orders registry",
                                                      sha256="", rows=stored, diff={}, uploaded_by=actor)
        reference_list = lock(reference_list)
        current = {e.key: e for e in reference_list.entities.all()}
        by_key = {r["key"]: r for r in rows}
        for gone in diff.removed:
            ListedEntity.objects.filter(pk=current[gone["key"]].pk).update(removed_on=today())
        for item in [*diff.renamed, *diff.changed]:
            _update(current[item["key"]], by_key[item["row"]["key"]])
        for row in diff.added:
            if row["key"] in current:
                _update(current[row["key"]], by_key[row["key"]])
            else:
                ListedEntity.objects.create(reference_list=reference_list, **_fields(by_key[row["key"]]))
        reference_list.version += 1
        reference_list.save(update_fields=["version", "updated_at"])
        version.status, version.number, version.decided_at = VersionStatus.CONFIRMED, reference_list.version, \
            timezone.now()
        version.diff = {k: v for k, v in diff.as_json().items()}
        version.save(update_fields=["status", "number", "decided_at", "diff"])
        record_event(actor=actor, action="sync_orders_list", obj=version,
                     after={"list": reference_list.code, "version": reference_list.version, **_counts(diff)})
        _rescreen_after_commit(engine.ORDERS)
    return diff


def _rescreen_after_commit(list_code: str) -> None:
    """Hook for the re-screening task, wired by the screening service once entries have lines."""
    for callback in RESCREEN_HOOKS:
        transaction.on_commit(lambda cb=callback: cb(list_code))


RESCREEN_HOOKS: list = []
