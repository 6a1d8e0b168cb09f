"""Name matching for entry screening: normalisation, romanisation, pinyin, fuzzy scores, blocking.

Pure functions and one in-memory index, no database access, so the rules can be tested from
hand-made examples and measured on their own (benchmarks/screening.py).

How two names are compared, as a trade analyst would:

1. ``normalise``: Unicode compatibility form, accents dropped, case folded, "&" read as "and",
   punctuation removed; legal-form words ("Co., Ltd.", "Limited", "Company", "Inc.", ...) and
   filler words ("and", "the", "of") dropped; romanisation variants of Xinjiang place and people
   names brought to one spelling (Sinkiang -> xinjiang, Uighur -> uyghur, Hotan -> hetian, ...).
   Chinese characters are read in pinyin (pypinyin), common company-name words translated
   (纺织 -> textile, 有限公司 dropped) and the remaining syllables of a run joined into one word
   (和田浩林 -> "hetianhaolin").
2. ``score``: the best of rapidfuzz's token-sort ratio (word order does not matter) and the plain
   ratio of both names with their spaces removed (Chinese runs joined differently from the English
   spelling, "Ninestar" / "Nine Star"). 0-100.
3. ``BlockingIndex``: candidates share at least one blocking key with the query: a word, a one-letter
   deletion of a word of five letters or more (so one typo still meets), or two or three adjacent
   pinyin syllables. Keys that more than ``max_posting`` names share carry no information and are
   ignored, so the candidates per query stay bounded whatever the size of the lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz

MATCHER_VERSION = "names-2026-12-06.1"
# Hard negatives of the evaluation set score at most 75, every expected name at least 87.5 (docs/screening.md).
DEFAULT_THRESHOLD = 85.0

LEGAL_FORM_WORDS = frozenset({
    "co", "company", "companies", "ltd", "limited", "inc", "incorporated", "corp", "corporation",
    "llc", "plc", "pte", "pvt", "private", "gmbh", "ag", "bhd", "sdn", "jsc", "ojsc", "llp", "lp",
    "sa", "srl", "bv", "nv", "kk", "oy", "ab", "as", "spa", "sarl", "tbk", "pt", "cv",
    "liability", "stock", "joint", "share", "shares", "holding",
})
FILLER_WORDS = frozenset({"and", "the", "of", "a", "an", "aka", "fka", "formerly", "known"})

# One spelling per place or people: Wade-Giles, postal, Uyghur and pinyin forms of the same name.
ROMANISATION = {
    "sinkiang": "xinjiang", "xingjiang": "xinjiang", "hsinchiang": "xinjiang",
    "uighur": "uyghur", "uigur": "uyghur", "uygur": "uyghur", "weiwuer": "uyghur", "uyghurs": "uyghur",
    "hotan": "hetian", "khotan": "hetian", "hetan": "hetian",
    "kashi": "kashgar", "kaxgar": "kashgar", "kashghar": "kashgar",
    "urumchi": "urumqi", "wulumuqi": "urumqi", "urumtsi": "urumqi",
    "akesu": "aksu", "aqsu": "aksu",
    "turfan": "turpan", "tulufan": "turpan",
    "kumul": "hami", "ghulja": "yining", "kulja": "yining", "ili": "yili",
    "kuerle": "korla", "kelamayi": "karamay", "qaramay": "karamay",
    "aletai": "altay", "altai": "altay", "boertala": "bortala", "kezilesu": "kizilsu",
    "tacheng": "tacheng", "chuguchak": "tacheng", "shache": "yarkant", "yarkand": "yarkant",
    "bingtuan": "bingtuan", "peking": "beijing", "canton": "guangzhou", "tientsin": "tianjin",
}

# Company-name words in Chinese and their English, longest first when read.
CHINESE_GLOSSARY = {
    "股份有限公司": "", "有限责任公司": "", "有限公司": "", "集团": "group", "公司": "", "控股": "",
    "新能源": "new energy", "新材料": "new materials", "信息技术": "information technology",
    "科技": "technology", "技术": "technology", "纺织": "textile", "印染": "printing dyeing",
    "服装": "apparel", "服饰": "apparel", "发饰": "hair accessories", "发制品": "hair product",
    "硅业": "silicon industry", "硅": "silicon", "有色金属": "nonferrous metals", "棉麻": "cotton linen",
    "棉纺": "cotton textile", "棉业": "cotton", "棉": "cotton", "色纺": "color spinning", "毛纺": "wool textile",
    "化工": "chemical", "化学": "chemical", "棉纺织": "cotton textile",
    "食品": "food", "生物": "biotech", "电子": "electronics", "实业": "industrial",
    "贸易": "trade", "商贸": "trade business", "镁业": "magnesium products", "锌业": "zinc industry",
    "铜业": "copper", "矿业": "mining", "钢铁": "iron steel", "能源": "energy",
    "生产建设兵团": "production construction corps",
    "兵团": "corps", "职业技能教育培训中心": "vocational skills education training center",
    # Place names are words of their own, so "新疆大全" reads "xinjiang daquan", not one word.
    "新疆": "xinjiang", "乌鲁木齐": "urumqi", "喀什": "kashgar", "和田": "hetian", "阿克苏": "aksu",
    "吐鲁番": "turpan", "哈密": "hami", "伊犁": "yili", "昌吉": "changji", "鄯善": "shanshan",
    "石河子": "shihezi", "库尔勒": "korla", "克拉玛依": "karamay",
}
_GLOSSARY_PATTERN = re.compile("|".join(sorted(map(re.escape, CHINESE_GLOSSARY), key=len, reverse=True)))
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("&", " and ")


def _read_han_run(run: str) -> list[str]:
    """A run of Chinese characters as words: glossary words in English, the rest as joined pinyin."""
    words: list[str] = []
    pos = 0
    for found in _GLOSSARY_PATTERN.finditer(run):
        if found.start() > pos:
            words.append("".join(lazy_pinyin(run[pos:found.start()], style=Style.NORMAL)))
        words.extend(CHINESE_GLOSSARY[found.group()].split())
        pos = found.end()
    if pos < len(run):
        words.append("".join(lazy_pinyin(run[pos:], style=Style.NORMAL)))
    return words


def words(text: str) -> list[str]:
    """The name's meaningful words, normalised; legal forms and fillers dropped, spellings unified."""
    folded = _NOT_WORD.sub(" ", _fold(text or ""))
    out: list[str] = []
    for raw in folded.split():
        pieces = _read_han_run(raw) if _HAN.fullmatch(raw) else [_HAN.sub(" ", raw)]
        for piece in pieces:
            for word in piece.split():
                word = ROMANISATION.get(word, word)
                if word and word not in LEGAL_FORM_WORDS and word not in FILLER_WORDS:
                    out.append(word)
    return out


def normalise(text: str) -> str:
    return " ".join(words(text))


def score(a: str, b: str) -> float:
    """Similarity 0-100 of two already normalised names."""
    if not a or not b:
        return 0.0
    return max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))


def blocking_keys(text: str) -> set[str]:
    """Keys under which a name is filed and looked up (see the module docstring)."""
    keys: set[str] = set()
    for word in words(text):
        keys.add(word)
        if len(word) >= 5:
            keys.update(word[:i] + word[i + 1:] for i in range(len(word)))
    # Chinese runs were joined into one word; also file their adjacent syllables, which is how the
    # same name is spelled in English ("hetianhaolin" meets "hetian" and "haolin").
    for run in _HAN.findall(_fold(text or "")):
        for piece in _GLOSSARY_PATTERN.split(run):
            syl = lazy_pinyin(piece, style=Style.NORMAL) if piece else []
            for size in (2, 3):
                for i in range(len(syl) - size + 1):
                    joined = ROMANISATION.get("".join(syl[i:i + size]), "".join(syl[i:i + size]))
                    keys.add(joined)
    return keys


@dataclass(frozen=True)
class NameMatch:
    entity_id: object
    score: float
    matched_name: str
    matched_alias: bool


@dataclass
class _Filed:
    entity_id: object
    name: str
    normalised: str
    is_alias: bool


@dataclass
class BlockingIndex:
    """Names (and aliases) of listed entities, filed by blocking key for constant-cost look-ups."""

    max_posting: int = 200
    _names: list[_Filed] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, entity_id, name: str, aliases: list[str] | tuple[str, ...] = ()) -> None:
        for text, is_alias in [(name, False), *((a, True) for a in aliases if a)]:
            normalised = normalise(text)
            if not normalised:
                continue
            position = len(self._names)
            self._names.append(_Filed(entity_id, text, normalised, is_alias))
            for key in blocking_keys(text):
                self._postings[key].append(position)

    def __len__(self) -> int:
        return len(self._names)

    def candidates(self, name: str) -> set[int]:
        found: set[int] = set()
        for key in blocking_keys(name):
            posting = self._postings.get(key)
            if posting and len(posting) <= self.max_posting:
                found.update(posting)
        return found

    def search(self, name: str, threshold: float = DEFAULT_THRESHOLD) -> list[NameMatch]:
        """The best match per entity scoring at least ``threshold``, best first."""
        query = normalise(name)
        if not query:
            return []
        best: dict[object, NameMatch] = {}
        for position in self.candidates(name):
            filed = self._names[position]
            value = score(query, filed.normalised)
            if value >= threshold and (filed.entity_id not in best or value > best[filed.entity_id].score):
                best[filed.entity_id] = NameMatch(filed.entity_id, round(value, 1), filed.name, filed.is_alias)
        return sorted(best.values(), key=lambda m: (-m.score, str(m.entity_id)))


# Xinjiang Uyghur Autonomous Region: the region and its prefecture-level cities and prefectures, in the
# spellings ``words`` produces from Latin or Chinese script (UFLPA sec. 2(d)(2)(B)(i) presumption by region).
XUAR_PLACE_WORDS = frozenset({
    "xinjiang", "uyghur", "urumqi", "kashgar", "hetian", "aksu", "turpan", "hami", "yining", "yili", "korla",
    "karamay", "shihezi", "changji", "altay", "tacheng", "bortala", "kizilsu", "bayingolin", "yarkant",
    "shanshan", "wujiaqu", "alar", "tumxuk", "kuytun", "bingtuan", "xpcc",
})


def xinjiang_places(address: str) -> list[str]:
    """The XUAR place names an address mentions (empty when none)."""
    if not address:
        return []
    return [word for word in dict.fromkeys(words(address)) if word in XUAR_PLACE_WORDS]


def hts_digits(code: str) -> str:
    return re.sub(r"\D", "", code or "")


def hts_in_scope(hts: str, prefixes) -> bool:
    """An HTSUS code falls under a heading list when one of the headings is its prefix (domain.md sec. 6)."""
    digits = hts_digits(hts)
    return bool(digits) and any(digits.startswith(hts_digits(p)) for p in prefixes if hts_digits(p))
