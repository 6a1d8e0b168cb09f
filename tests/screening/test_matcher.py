"""The name matcher, from hand-made examples (expected values written by hand, not computed)."""

import pytest

from cases.screening.engine import RULE_XINJIANG, Screener
from cases.screening.matcher import (
    BlockingIndex,
    blocking_keys,
    hts_in_scope,
    normalise,
    score,
    words,
    xinjiang_places,
)


@pytest.mark.parametrize(("declared", "expected"), [
    ("Hoshine Silicon Industry (Shanshan) Co., Ltd.", "hoshine silicon industry shanshan"),
    ("HOSHINE SILICON INDUSTRY SHANSHAN COMPANY LIMITED", "hoshine silicon industry shanshan"),
    ("Camel Group Co. Ltd", "camel group"),
    ("Tianjin Malleable Iron Factory Inc.", "tianjin malleable iron factory"),
    ("Cotton & Linen Corp.", "cotton linen"),
    ("The Bank of Ürümqi", "bank urumqi"),
    ("  ", ""),
])
def test_normalise_drops_case_punctuation_legal_forms_and_fillers(declared, expected):
    assert normalise(declared) == expected


@pytest.mark.parametrize(("variant", "canonical"), [
    ("Sinkiang", "xinjiang"), ("Uighur", "uyghur"), ("Uygur", "uyghur"), ("Hotan", "hetian"),
    ("Khotan", "hetian"), ("Kashi", "kashgar"), ("Urumchi", "urumqi"), ("Akesu", "aksu"), ("Turfan", "turpan"),
])
def test_romanisation_variants_are_one_spelling(variant, canonical):
    assert words(variant) == [canonical]


def test_chinese_characters_are_read_as_pinyin_and_glossary_words():
    assert normalise("和田浩林发饰有限公司") == "hetian haolin hair accessories"
    assert normalise("浩林发饰") == "haolin hair accessories"
    assert normalise("新疆大全新能源股份有限公司") == "xinjiang daquan new energy"


def test_chinese_legal_form_alone_leaves_nothing():
    assert normalise("有限公司") == ""


def test_identical_names_score_100():
    assert score("camel group", "camel group") == 100


def test_word_order_does_not_lower_the_score():
    assert score("silicon hoshine industry", "hoshine silicon industry") == 100


def test_spacing_differences_do_not_lower_the_score():
    assert score("nine star", "ninestar") == 100


def test_empty_name_scores_zero():
    assert score("", "camel group") == 0
    assert score("camel group", "") == 0


def test_unrelated_names_score_low():
    assert score("acme widgets", "hoshine silicon industry") < 50


def test_one_typo_in_a_long_name_scores_above_90():
    assert score("hoshien silicon industry", "hoshine silicon industry") > 90


def test_blocking_keys_include_each_word_and_its_one_letter_deletions():
    keys = blocking_keys("Hoshine")
    assert {"hoshine", "oshine", "hshine", "hoshin"} <= keys
    assert "hoshine" in blocking_keys("Hoshine Co., Ltd.")
    assert "co" not in blocking_keys("Hoshine Co., Ltd.")


def test_short_words_have_no_deletion_keys():
    assert blocking_keys("Xpcc") == {"xpcc"}


def test_blocking_keys_of_chinese_include_adjacent_syllables():
    keys = blocking_keys("宝龙达信息")
    assert {"baolong", "longda", "baolongda"} <= keys


def _index():
    index = BlockingIndex()
    index.add("hoshine", "Hoshine Silicon Industry (Shanshan) Co., Ltd.", ["Hesheng Silicon Industry (Shanshan) Co."])
    index.add("haolin", "Hetian Haolin Hair Accessories Co. Ltd.", ["Hotan Haolin Hair Accessories"])
    index.add("camel", "Camel Group Co., Ltd.")
    return index


def test_index_finds_an_exact_name():
    [match] = _index().search("Camel Group Co., Ltd.")
    assert (match.entity_id, match.score, match.matched_alias) == ("camel", 100, False)


def test_index_reports_the_alias_that_matched():
    [match] = _index().search("Hesheng Silicon Industry Shanshan")
    assert match.entity_id == "hoshine"
    assert match.matched_alias is True
    assert match.matched_name == "Hesheng Silicon Industry (Shanshan) Co."


def test_index_finds_a_name_written_in_chinese_characters():
    [match] = _index().search("和田浩林发饰有限公司")
    assert match.entity_id == "haolin"


def test_index_finds_a_name_with_a_typo_in_every_distinctive_word():
    [match] = _index().search("Hoshnie Silicn Industry Shanshan")
    assert match.entity_id == "hoshine"


def test_index_ignores_a_name_that_only_shares_a_word():
    assert _index().search("Camel Trading Hong Kong") == []


def test_index_respects_the_threshold():
    assert _index().search("Camel Grop", threshold=99) == []
    assert [m.entity_id for m in _index().search("Camel Grop", threshold=80)] == ["camel"]


def test_index_gives_one_match_per_entity_keeping_the_best():
    [match] = _index().search("Hotan Haolin Hair Accessories")
    assert match.score == 100


def test_words_shared_by_too_many_names_are_not_used_for_blocking():
    index = BlockingIndex(max_posting=2)
    for n in range(3):
        index.add(n, f"Textile {n}")
    assert index.candidates("Textile") == set()
    index.add("rare", "Rare Textile")
    assert index.candidates("Rare Textile") == {3}


def test_index_length_counts_names_and_aliases():
    assert len(_index()) == 5


def test_nameless_query_finds_nothing():
    assert _index().search("Co., Ltd.") == []


@pytest.mark.parametrize(("address", "expected"), [
    ("No. 1 Road, Shanshan County, Turpan, Xinjiang", ["shanshan", "turpan", "xinjiang"]),
    ("Urumchi, Sinkiang Uighur Autonomous Region", ["urumqi", "xinjiang", "uyghur"]),
    ("新疆乌鲁木齐市", ["xinjiang", "urumqi"]),
    ("12 Industrial Road, Dongguan, Guangdong", []),
    ("", []),
])
def test_xinjiang_places_in_an_address(address, expected):
    assert xinjiang_places(address) == expected


@pytest.mark.parametrize(("hts", "prefixes", "expected"), [
    ("5208.12.4020", ["5208"], True),
    ("5208124020", ["5208.12"], True),
    ("5209.12.4020", ["5208"], False),
    ("", ["5208"], False),
    ("5208.12.4020", [], False),
    ("5208.12.4020", [""], False),
])
def test_hts_matches_a_heading_by_prefix(hts, prefixes, expected):
    assert hts_in_scope(hts, prefixes) is expected


def test_hits_record_the_matcher_version_and_the_list_version():
    # The version is stored with each hit (rule_version), so an analyst knows which rules raised it.
    screener = Screener(versions=(), list_versions={RULE_XINJIANG: 4})
    [hit] = screener.check(manufacturer_address="12 Renmin Road, Kashgar, Xinjiang")
    assert hit.rule_version == "names-2026-12-06.1/uflpa_xinjiang_address@v4"
