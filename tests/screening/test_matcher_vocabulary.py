"""The matcher's vocabulary and rules, one hand-made example per entry.

Every expected value below is typed by hand from the module's documented rules (docs/screening.md and
the matcher's docstring): each legal-form word, filler word, romanisation variant, Chinese glossary word
and XUAR place name appears in a realistic name or address, with the words a trade analyst expects back.
Nothing on the expected side is read from the matcher's tables. The module needs neither Django nor a
database, so a mutation run checks it in-process first (docs/mutation.md).
"""

import dataclasses

import pytest

from cases.screening.matcher import (
    BlockingIndex,
    NameMatch,
    blocking_keys,
    normalise,
    score,
    words,
    xinjiang_places,
)


@pytest.mark.parametrize(("declared", "expected"), [
    ("Acme Trading Co.", ["acme", "trading"]),
    ("Hetian Taida Apparel Company", ["hetian", "taida", "apparel"]),
    ("Baoding Textile Companies", ["baoding", "textile"]),
    ("Zhejiang Yanghe Ltd.", ["zhejiang", "yanghe"]),
    ("Zhejiang Yanghe Limited", ["zhejiang", "yanghe"]),
    ("Ninestar Imaging Inc.", ["ninestar", "imaging"]),
    ("Camel Outdoor Incorporated", ["camel", "outdoor"]),
    ("Dalian Fishing Corp.", ["dalian", "fishing"]),
    ("Zhongtai Chemical Corporation", ["zhongtai", "chemical"]),
    ("Ninestar Imaging LLC", ["ninestar", "imaging"]),
    ("Globex Cotton PLC", ["globex", "cotton"]),
    ("Olam Agri Pte.", ["olam", "agri"]),
    ("Vardhman Yarns Pvt.", ["vardhman", "yarns"]),
    ("Sunrise Garments Private", ["sunrise", "garments"]),
    ("Mueller Textil GmbH", ["mueller", "textil"]),
    ("Rheinland Wolle AG", ["rheinland", "wolle"]),
    ("Sime Darby Plantation Bhd", ["sime", "darby", "plantation"]),
    ("Top Glove Sdn.", ["top", "glove"]),
    ("Uzbek Cotton JSC", ["uzbek", "cotton"]),
    ("Rusal Aluminium OJSC", ["rusal", "aluminium"]),
    ("Baker Sourcing LLP", ["baker", "sourcing"]),
    ("Harbor Apparel LP", ["harbor", "apparel"]),
    ("Textil Andino SA", ["textil", "andino"]),
    ("Cotonificio Veneto SRL", ["cotonificio", "veneto"]),
    ("Dutch Yarn BV", ["dutch", "yarn"]),
    ("Flemish Linen NV", ["flemish", "linen"]),
    ("Tokyo Silk KK", ["tokyo", "silk"]),
    ("Nordic Wool Oy", ["nordic", "wool"]),
    ("Svensk Garn AB", ["svensk", "garn"]),
    ("Norsk Fisk AS", ["norsk", "fisk"]),
    ("Tessitura Milano SpA", ["tessitura", "milano"]),
    ("Tissage Lyon SARL", ["tissage", "lyon"]),
    ("Indo Rayon Tbk", ["indo", "rayon"]),
    ("PT Sri Rejeki Isman", ["sri", "rejeki", "isman"]),
    ("Textiles Monterrey CV", ["textiles", "monterrey"]),
    ("Kazakh Textile Liability", ["kazakh", "textile"]),
    ("Kazakh Textile Stock", ["kazakh", "textile"]),
    ("Joint Kazakh Textile", ["kazakh", "textile"]),
    ("Pacific Rim Share", ["pacific", "rim"]),
    ("Pacific Rim Shares", ["pacific", "rim"]),
    ("Pacific Rim Holding", ["pacific", "rim"]),
    ("Limited Liability Company Uzbek Cotton", ["uzbek", "cotton"]),
    ("Open Joint Stock Company Kazakh Textile", ["open", "kazakh", "textile"]),
])
def test_each_legal_form_word_is_dropped_from_a_company_name(declared, expected):
    assert words(declared) == expected


@pytest.mark.parametrize(("declared", "expected"), [
    ("Cotton and Linen Mills", ["cotton", "linen", "mills"]),
    ("The Kashgar Weaving House", ["kashgar", "weaving", "house"]),
    ("Bank of Urumqi", ["bank", "urumqi"]),
    ("A Cotton Mill", ["cotton", "mill"]),
    ("An Apparel House", ["apparel", "house"]),
    ("Taida aka Taida Apparel", ["taida", "taida", "apparel"]),
    ("Camel fka Camel Outdoor", ["camel", "camel", "outdoor"]),
    ("Meixin Hair formerly Lop Hair", ["meixin", "hair", "lop", "hair"]),
    ("Meixin Hair also known as Lop Hair", ["meixin", "hair", "also", "lop", "hair"]),
])
def test_each_filler_word_is_dropped_from_a_company_name(declared, expected):
    assert words(declared) == expected


@pytest.mark.parametrize(("declared", "expected"), [
    ("Sinkiang Cotton", ["xinjiang", "cotton"]),
    ("Xingjiang Cotton", ["xinjiang", "cotton"]),
    ("Hsinchiang Cotton", ["xinjiang", "cotton"]),
    ("Xinjiang Cotton", ["xinjiang", "cotton"]),
    ("Uighur Crafts", ["uyghur", "crafts"]),
    ("Uigur Crafts", ["uyghur", "crafts"]),
    ("Uygur Crafts", ["uyghur", "crafts"]),
    ("Weiwuer Crafts", ["uyghur", "crafts"]),
    ("Uyghurs Crafts", ["uyghur", "crafts"]),
    ("Hotan Haolin Hair", ["hetian", "haolin", "hair"]),
    ("Khotan Haolin Hair", ["hetian", "haolin", "hair"]),
    ("Hetan Haolin Hair", ["hetian", "haolin", "hair"]),
    ("Kashi Weaving", ["kashgar", "weaving"]),
    ("Kaxgar Weaving", ["kashgar", "weaving"]),
    ("Kashghar Weaving", ["kashgar", "weaving"]),
    ("Urumchi Steel", ["urumqi", "steel"]),
    ("Wulumuqi Steel", ["urumqi", "steel"]),
    ("Urumtsi Steel", ["urumqi", "steel"]),
    ("Akesu Huafu", ["aksu", "huafu"]),
    ("Aqsu Huafu", ["aksu", "huafu"]),
    ("Turfan Grapes", ["turpan", "grapes"]),
    ("Tulufan Grapes", ["turpan", "grapes"]),
    ("Kumul Melons", ["hami", "melons"]),
    ("Ghulja Lavender", ["yining", "lavender"]),
    ("Kulja Lavender", ["yining", "lavender"]),
    ("Ili Lavender", ["yili", "lavender"]),
    ("Kuerle Pears", ["korla", "pears"]),
    ("Kelamayi Petroleum", ["karamay", "petroleum"]),
    ("Qaramay Petroleum", ["karamay", "petroleum"]),
    ("Aletai Minerals", ["altay", "minerals"]),
    ("Altai Minerals", ["altay", "minerals"]),
    ("Boertala Cotton", ["bortala", "cotton"]),
    ("Kezilesu Apricots", ["kizilsu", "apricots"]),
    ("Tacheng Beef", ["tacheng", "beef"]),
    ("Chuguchak Beef", ["tacheng", "beef"]),
    ("Shache Walnuts", ["yarkant", "walnuts"]),
    ("Yarkand Walnuts", ["yarkant", "walnuts"]),
    ("Bingtuan Cotton", ["bingtuan", "cotton"]),
    ("Peking Textiles", ["beijing", "textiles"]),
    ("Canton Textiles", ["guangzhou", "textiles"]),
    ("Tientsin Malleable Iron", ["tianjin", "malleable", "iron"]),
])
def test_each_romanisation_variant_is_read_as_one_spelling(declared, expected):
    assert words(declared) == expected


@pytest.mark.parametrize(("declared", "expected"), [
    ("骆驼集团", "luotuo group"),
    ("华为科技有限公司", "huawei technology"),
    ("宁波技术", "ningbo technology"),
    ("华孚纺织", "huafu textile"),
    ("雅戈尔服装", "yageer apparel"),
    ("森马服饰", "senma apparel"),
    ("大全硅", "daquan silicon"),
    ("合盛硅业", "hesheng silicon industry"),
    ("华孚棉业", "huafu cotton"),
    ("新疆棉", "xinjiang cotton"),
    ("中泰化工", "zhongtai chemical"),
    ("中泰化学", "zhongtai chemical"),
    ("中粮食品", "zhongliang food"),
    ("阜丰生物", "fufeng biotech"),
    ("海康电子", "haikang electronics"),
    ("天山实业", "tianshan industrial"),
    ("华孚贸易", "huafu trade"),
    ("紫金铜业", "zijin copper"),
    ("紫金矿业", "zijin mining"),
    ("东方能源", "dongfang energy"),
    ("兵团农场", "corps nongchang"),
    ("阿克苏华孚", "aksu huafu"),
    ("喀什华孚", "kashgar huafu"),
    ("昌吉华孚", "changji huafu"),
    ("哈密华孚", "hami huafu"),
    ("鄯善华孚", "shanshan huafu"),
    ("吐鲁番华孚", "turpan huafu"),
    ("伊犁华孚", "yili huafu"),
    ("克拉玛依华孚", "karamay huafu"),
    ("库尔勒华孚", "korla huafu"),
    ("石河子华孚", "shihezi huafu"),
])
def test_each_chinese_glossary_word_is_read_in_english(declared, expected):
    assert normalise(declared) == expected


def test_the_longest_glossary_word_is_read_first():
    # "硅业" (silicon industry) is read whole, not as "硅" (silicon) followed by a stray syllable.
    assert normalise("合盛硅业") == "hesheng silicon industry"
    assert normalise("棉纺织") == "cotton textile"


def test_chinese_characters_after_the_last_glossary_word_are_kept():
    assert normalise("新疆大全") == "xinjiang daquan"
    assert normalise("和田浩林") == "hetian haolin"


@pytest.mark.parametrize(("address", "expected"), [
    ("88 Renmin Road, Kashgar", ["kashgar"]),
    ("Beijing Road, Hetian City", ["hetian"]),
    ("Aksu Industrial Park", ["aksu"]),
    ("Hami Economic Zone", ["hami"]),
    ("Yining City, Ili Kazakh Autonomous Prefecture", ["yining", "yili"]),
    ("Korla Development Zone", ["korla"]),
    ("Karamay District", ["karamay"]),
    ("Shihezi Economic Development Zone", ["shihezi"]),
    ("Changji Hui Autonomous Prefecture", ["changji"]),
    ("Altay City", ["altay"]),
    ("Tacheng Prefecture", ["tacheng"]),
    ("Bortala Mongol Autonomous Prefecture", ["bortala"]),
    ("Kizilsu Kyrgyz Autonomous Prefecture", ["kizilsu"]),
    ("Bayingolin Mongol Autonomous Prefecture", ["bayingolin"]),
    ("Yarkant County", ["yarkant"]),
    ("Wujiaqu City", ["wujiaqu"]),
    ("Alar City", ["alar"]),
    ("Tumxuk City", ["tumxuk"]),
    ("Kuytun City", ["kuytun"]),
    ("Bingtuan Sixth Division", ["bingtuan"]),
    ("XPCC First Division", ["xpcc"]),
    ("Shanshan County", ["shanshan"]),
    ("Turpan Road", ["turpan"]),
    ("Urumqi Road", ["urumqi"]),
    ("Uyghur Street, Guangzhou", ["uyghur"]),
    ("1 Nanjing Road, Shanghai", []),
])
def test_each_xuar_place_in_an_address_is_named(address, expected):
    assert xinjiang_places(address) == expected


def test_a_word_of_five_letters_is_filed_under_its_one_letter_deletions():
    assert blocking_keys("Camel") == {"camel", "amel", "cmel", "cael", "caml", "came"}


def test_a_word_of_four_letters_is_filed_under_itself_only():
    assert blocking_keys("Aksu") == {"aksu"}


def test_chinese_names_are_filed_under_two_and_three_adjacent_syllables():
    assert blocking_keys("宝龙达") == {
        "baolongda", "aolongda", "bolongda", "balongda", "baoongda", "baolngda", "baologda", "baolonda",
        "baolonga", "baolongd",
        "baolong", "longda",
    }


def test_adjacent_syllables_are_romanised_like_words():
    # 维吾尔 reads "weiwuer", the pinyin of Uyghur: its three syllables are filed as "uyghur".
    assert blocking_keys("维吾尔") == {
        "uyghur", "yghur", "ughur", "uyhur", "uygur", "uyghr", "uyghu",
        "weiwu", "wuer",
    }


def test_two_empty_names_score_zero():
    assert score("", "") == 0


def test_score_is_the_indel_similarity_of_the_better_reading():
    # Two substitutions in 14 + 14 letters: 1 - 4/28 = 85.71 (spaces removed: 1 - 4/26 = 84.6).
    assert score("kamel outdoore", "camel outdoors") == pytest.approx(600 / 7)


def test_a_name_scoring_just_above_85_is_found_at_the_default_threshold():
    index = BlockingIndex()
    index.add("camel", "Camel Outdoors")
    [match] = index.search("Kamel Outdoore")
    assert (match.entity_id, match.score) == ("camel", 85.7)


def test_a_score_equal_to_the_threshold_is_a_match():
    index = BlockingIndex()
    index.add("camel", "Camel Group")
    assert [m.entity_id for m in index.search("Camel Group", threshold=100)] == ["camel"]


def test_scores_are_rounded_to_one_decimal():
    # "camel grop" against "camel group": 1 - 1/21 = 95.238...
    index = BlockingIndex()
    index.add("camel", "Camel Group")
    [match] = index.search("Camel Grop")
    assert match.score == 95.2


def test_when_the_name_and_an_alias_score_alike_the_listed_name_is_reported():
    index = BlockingIndex()
    index.add("camel", "Camel Group Co., Ltd.", ["Camel Group Limited"])
    [match] = index.search("Camel Group")
    assert (match.matched_name, match.matched_alias) == ("Camel Group Co., Ltd.", False)


def test_matches_are_ordered_best_first_then_by_entity():
    index = BlockingIndex()
    index.add("b-camel", "Camel Group")
    index.add("a-camel", "Camel Group Ltd")
    index.add("0-camel", "Camel Groups")
    assert [(m.entity_id, m.score) for m in index.search("Camel Group")] == [
        ("a-camel", 100), ("b-camel", 100), ("0-camel", 95.7)]


def test_a_key_shared_by_200_names_is_still_used_and_by_201_it_is_not():
    index = BlockingIndex()
    for n in range(200):
        index.add(n, f"Weaving {n}")
    assert len(index.candidates("Weaving")) == 200
    index.add(200, "Weaving 200")
    assert index.candidates("Weaving") == set()


def test_a_match_is_a_value_that_cannot_be_altered():
    match = NameMatch("camel", 100.0, "Camel Group", False)
    assert match == NameMatch("camel", 100.0, "Camel Group", False)
    assert len({match, NameMatch("camel", 100.0, "Camel Group", False)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.score = 0.0

