"""Entry screening: precision and recall on the labelled evaluation set, and lines per second at list
sizes 100 and 10,000 entities (the blocking index should keep the ratio under 2).

    PYTHONPATH=. .venv/bin/python benchmarks/screening.py            # about a minute
    PYTHONPATH=. .venv/bin/python benchmarks/screening.py 100 10000 100000

The speed part screens the same 5,000 generated entry lines (a third of them naming a listed entity,
with or without a typo; the rest other producers; addresses, countries and HTS codes varied) against
the shipped UFLPA Entity List padded with generated entity names, in memory: the index the screening
service uses, without the database writes of hits.
"""

import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from cases.screening.engine import Entry, Screener  # noqa: E402
from cases.screening.evaluation import SHIPPED_LIST, evaluate  # noqa: E402
from cases.screening.lists import parse_list_file  # noqa: E402

SIZES = [int(arg) for arg in sys.argv[1:]] or [100, 10_000]
LINES = 5_000
SYLLABLES = ("an", "bai", "bao", "bei", "bin", "bo", "cai", "chang", "chen", "cheng", "chun", "da", "dai", "de",
             "dong", "du", "fang", "fei", "feng", "fu", "gang", "gao", "guang", "gui", "hai", "han", "hao", "he",
             "heng", "hong", "hua", "huai", "hui", "jia", "jian", "jiang", "jin", "jing", "jiu", "kai", "kang",
             "lan", "li", "lian", "lin", "ling", "long", "lu", "ma", "mei", "min", "ming", "nan", "ning", "pu",
             "qi", "qian", "qiang", "qing", "rong", "rui", "sen", "shan", "shang", "sheng", "shi", "shun", "si",
             "song", "tai", "tian", "tong", "wan", "wei", "wen", "xiang", "xin", "xing", "xu", "ya", "yang", "yi",
             "yong", "yu", "yuan", "yue", "zhan", "zhao", "zhen", "zheng", "zhi", "zhong", "zhou")
PLACES = ("Jiangsu", "Zhejiang", "Guangdong", "Fujian", "Shandong", "Hebei", "Henan", "Anhui", "Hubei", "Hunan",
          "Sichuan", "Yunnan", "Liaoning")
TRADES = ("Textile", "Garment", "Electronics", "Trading", "Food", "Chemical", "Machinery", "Solar", "Metal Products",
          "Plastics", "Hair Products", "Footwear", "Furniture", "Toys", "Packaging", "Ceramics")
FORMS = ("Co., Ltd.", "Company Limited", "Industrial Co.", "Group Co., Ltd.", "Corporation", "Ltd.")


def brand(rng):
    return "".join(rng.sample(SYLLABLES, 2)).capitalize()


def company(rng):
    return f"{rng.choice(PLACES)} {brand(rng)} {rng.choice(TRADES)} {rng.choice(FORMS)}"


def typo(rng, name):
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def screener_of(names):
    screener = Screener(versions=())
    for n, (name, aliases) in enumerate(names):
        entry = Entry(n, "uflpa_entity_list", "UFLPA Entity List", "uflpa", name, tuple(aliases), (), "CN", "", 1,
                      1, False, None, None)
        screener.entries[n] = entry
        screener.index.add(n, name, aliases)
    screener.sectors.append(Entry(-1, "uflpa_sectors", "Sectors", "uflpa", "Cotton", (), ("5208", "5209"), "", "",
                                  1, 1, False, None, None))
    return screener


def lines(rng, listed):
    out = []
    for n in range(LINES):
        if n % 3 == 0:
            name = rng.choice(listed)[0]
            name = typo(rng, name) if n % 2 else name
        else:
            name = company(rng)
        address = rng.choice(["Aksu, Xinjiang", "Dongguan, Guangdong", "Ningbo, Zhejiang", ""])
        out.append({"manufacturer_name": name, "manufacturer_address": address,
                    "country": rng.choice(["CN", "CN", "VN", "KP"]),
                    "hts": rng.choice(["5208.12.4020", "8504.40.9580"])})
    return out


def main():
    result = evaluate()
    counts = result.counts
    print(f"Evaluation set: {len(result.outcomes)} declared names")
    print(f"precision {result.precision:.3f}  recall {result.recall:.3f}")
    print("\nConfusion table (rows: expected; columns: raised)")
    print(f"{'':22}{'listed entity':>16}{'other entity':>14}{'nothing':>10}")
    print(f"{'listed entity':22}{counts['true_positive']:>16}{counts['wrong_entity']:>14}"
          f"{counts['false_negative']:>10}")
    print(f"{'hard negative':22}{'':>16}{counts['false_positive']:>14}{counts['true_negative']:>10}")
    by_category = result.by_category().items()
    print("\nBy category: " + ", ".join(
        f"{cat} {c['true_positive'] + c['true_negative']}/{sum(c.values())}" for cat, c in by_category))
    misses = [(row["declared_name"], outcome, best) for row, outcome, best in result.outcomes
              if outcome not in ("true_positive", "true_negative")]
    for name, outcome, best in misses:
        print(f"  {outcome}: {name!r} -> {best!r}")

    rng = random.Random(1307)
    shipped = [(r["name"], r["aliases"]) for r in parse_list_file(SHIPPED_LIST.read_bytes(), "entities")]
    print(f"\n{'entities':>10}{'names+aliases':>15}{'lines':>8}{'seconds':>9}{'lines/s':>9}{'hits':>7}")
    rates = []
    for size in SIZES:
        names = shipped[:size] + [(company(rng), []) for _ in range(max(0, size - len(shipped)))]
        screener = screener_of(names)
        batch = lines(random.Random(12), names[: min(size, len(shipped))])
        start = time.perf_counter()
        hits = sum(len(screener.check(**line)) for line in batch)
        elapsed = time.perf_counter() - start
        rates.append(LINES / elapsed)
        print(f"{size:>10,}{len(screener.index):>15,}{LINES:>8,}{elapsed:>9.2f}{LINES / elapsed:>9,.0f}{hits:>7,}")
    if len(rates) > 1:
        print(f"\nlines/s at {SIZES[0]:,} / lines/s at {SIZES[-1]:,} = {rates[0] / rates[-1]:.2f} (goal: under 2)")


if __name__ == "__main__":
    main()
