"""What an entry line with given values would raise against the lists in force (reads only).

The matcher index is built once per set of list versions and kept in the process; a confirmed list
version changes the versions and the next screening builds a new index.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cases.screening.matcher import (
    DEFAULT_THRESHOLD,
    MATCHER_VERSION,
    BlockingIndex,
    hts_in_scope,
    normalise,
    xinjiang_places,
)
from cases.screening.models import ListedEntity, ListKind, ReferenceList

ORDERS = "orders"
UFLPA_ENTITIES = "uflpa_entity_list"
CAATSA_ENTITIES = "caatsa_321b"
UFLPA_SECTORS = "uflpa_sectors"
# Rules that need no listed name; their hits name the rule in place of an entity.
RULE_NORTH_KOREA = "caatsa_country_kp"
RULE_XINJIANG = "uflpa_xinjiang_address"
LOOKUP_CACHE_SIZE = 50_000
RULE_LISTS = {
    RULE_NORTH_KOREA: ("CAATSA sec. 321(b): goods of North Korean origin", "caatsa",
                       "Country of origin KP (North Korea)"),
    RULE_XINJIANG: ("UFLPA: made in the Xinjiang Uyghur Autonomous Region", "uflpa",
                    "Xinjiang Uyghur Autonomous Region"),
}


@dataclass(frozen=True)
class Entry:
    id: int
    list_code: str
    list_name: str
    basis: str
    name: str
    aliases: tuple[str, ...]
    hts_prefixes: tuple[str, ...]
    country: str
    section: str
    revision: int
    list_version: int
    region_wide: bool
    wro_id: int | None
    finding_id: int | None


@dataclass(frozen=True)
class ScreeningResult:
    """One hit a line would raise: the list, the entity (or rule), the score and the fields that matched."""

    list_code: str
    list_name: str
    basis: str
    entity_name: str
    score: float
    matched_on: tuple[str, ...]
    why: str
    rule_version: str
    listed_entity_id: int | None = None
    entity_revision: int = 0

    def as_check_answer(self) -> dict:
        return {"list": self.list_code, "list_name": self.list_name, "entity": self.entity_name,
                "score": self.score, "matched_on": list(self.matched_on), "why": self.why, "basis": self.basis}


@dataclass
class Screener:
    versions: tuple
    threshold: float = DEFAULT_THRESHOLD
    index: BlockingIndex = field(default_factory=BlockingIndex)
    entries: dict[int, Entry] = field(default_factory=dict)
    sectors: list[Entry] = field(default_factory=list)
    regions: list[Entry] = field(default_factory=list)
    list_versions: dict[str, int] = field(default_factory=dict)
    # Names and addresses already looked up (a file repeats its manufacturers): the index never changes
    # once built, so the answers stand; bounded, emptied when full.
    _matches: dict = field(default_factory=dict, repr=False, compare=False)
    _places: dict = field(default_factory=dict, repr=False, compare=False)

    def _name_matches(self, name: str) -> tuple:
        found = self._matches.get(name)
        if found is None:
            found = tuple(self.index.search(name, self.threshold))
            if len(self._matches) >= LOOKUP_CACHE_SIZE:
                self._matches.clear()
            self._matches[name] = found
        return found

    def _xinjiang_places(self, address: str) -> list[str]:
        found = self._places.get(address)
        if found is None:
            found = tuple(xinjiang_places(address))
            if len(self._places) >= LOOKUP_CACHE_SIZE:
                self._places.clear()
            self._places[address] = found
        return list(found)

    def _version(self, code: str) -> str:
        return f"{MATCHER_VERSION}/{code}@v{self.list_versions.get(code, 0)}"

    def check(self, *, manufacturer_name: str = "", manufacturer_address: str = "", country: str = "",
              hts: str = "") -> list[ScreeningResult]:
        country = (country or "").strip().upper()
        results: list[ScreeningResult] = []
        for match in self._name_matches(manufacturer_name or ""):
            entry = self.entries[match.entity_id]
            matched = ["manufacturer_name"]
            if entry.hts_prefixes:
                if not hts_in_scope(hts, entry.hts_prefixes):
                    continue  # the order names this producer for other goods only
                matched.append("hts")
            how = f"alias '{match.matched_name}'" if match.matched_alias else "the listed name"
            results.append(self._result(entry, match.score, matched, f"Declared manufacturer matches {how} "
                                                                     f"(score {match.score:g})."))
        places = self._xinjiang_places(manufacturer_address or "")
        if places:
            title, basis, entity = RULE_LISTS[RULE_XINJIANG]
            results.append(ScreeningResult(RULE_XINJIANG, title, basis, entity, 100.0, ("manufacturer_address",),
                                           f"Address names {', '.join(places)}.", self._version(RULE_XINJIANG)))
        if country == "KP":
            title, basis, entity = RULE_LISTS[RULE_NORTH_KOREA]
            results.append(ScreeningResult(RULE_NORTH_KOREA, title, basis, entity, 100.0, ("country",),
                                           "Country of origin is North Korea.", self._version(RULE_NORTH_KOREA)))
        if country == "CN":
            for sector in self.sectors:
                if hts_in_scope(hts, sector.hts_prefixes):
                    results.append(self._result(sector, 100.0, ["country", "hts"],
                                                f"HTS {hts} from CN is in a UFLPA high-priority sector."))
        for order in self.regions:
            if order.country and order.country != country:
                continue
            if order.hts_prefixes and not hts_in_scope(hts, order.hts_prefixes):
                continue
            names_xinjiang = bool(xinjiang_places(order.name))
            if not order.hts_prefixes and not names_xinjiang:
                continue  # a region-wide order with no HTS scope cannot be told apart from other goods
            if names_xinjiang and not places:
                continue
            matched = ["country"] + (["hts"] if order.hts_prefixes else []) + (
                ["manufacturer_address"] if names_xinjiang else [])
            results.append(self._result(order, 100.0, matched, "Region-wide order covers this origin and goods."))
        return sorted(results, key=lambda r: (-r.score, r.list_code, r.entity_name))

    def _result(self, entry: Entry, value: float, matched: list[str], why: str) -> ScreeningResult:
        return ScreeningResult(entry.list_code, entry.list_name, entry.basis, entry.name, value, tuple(matched), why,
                               self._version(entry.list_code), entry.id, entry.revision)


_lock = threading.Lock()
_cached: Screener | None = None


def list_versions() -> tuple:
    # The id and the time of the last change too: a list re-created with the same version number (a
    # database restored, a test rolled back) must not reuse an index of entries that no longer exist.
    return tuple(ReferenceList.objects.order_by("code").values_list("code", "version", "id", "updated_at"))


def build_screener(versions: tuple | None = None) -> Screener:
    versions = list_versions() if versions is None else versions
    screener = Screener(versions=versions, list_versions={v[0]: v[1] for v in versions})
    rows = ListedEntity.objects.filter(removed_on__isnull=True).select_related("reference_list")
    for row in rows.iterator(chunk_size=2000):
        ref = row.reference_list
        entry = Entry(row.id, ref.code, ref.name, ref.legal_basis, row.name, tuple(row.aliases or ()),
                      tuple(row.hts_prefixes or ()), row.country, row.section, row.revision, ref.version,
                      "region" in row.section, row.wro_id, row.finding_id)
        if ref.kind == ListKind.SECTORS:
            screener.sectors.append(entry)
        elif entry.region_wide:
            screener.regions.append(entry)
        elif normalise(row.name) or any(normalise(a) for a in entry.aliases):
            screener.entries[row.id] = entry
            screener.index.add(row.id, row.name, entry.aliases)
    return screener


def current_screener() -> Screener:
    """The index for the list versions in force (one small query to see whether they changed)."""
    global _cached
    versions = list_versions()
    with _lock:
        if _cached is None or _cached.versions != versions:
            _cached = build_screener(versions)
        return _cached


def check_line(**values) -> list[ScreeningResult]:
    return current_screener().check(**values)
