"""Entry screening: precision and recall on the labelled evaluation set, and lines per second at list
sizes 100 and 10,000 entities (the blocking index should keep the ratio under 2).

    PYTHONPATH=. .venv/bin/python benchmarks/screening.py            # about a minute
    PYTHONPATH=. .venv/bin/python benchmarks/screening.py 100 10000 100000

With DATABASE_URL set (PostgreSQL), a second part times ``screen_lines`` itself on a throw-away
``test_<name>`` database: the index built from the rows, the hits and their audit events written.

    DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/NAMEdb PYTHONPATH=. .venv/bin/python benchmarks/screening.py

The in-memory part screens the same 5,000 generated entry lines (a third of them naming a listed entity,
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


def database_run(sizes, lines_per_size=2_000):
    """screen_lines on the database DATABASE_URL names (a throw-away test_<name> database): index built from
    the rows, hits and audit events written, 500 lines per call as the re-screening task does."""
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from cases.models import EntryLine, ImporterOrganisation, Shipment
    from cases.screening import engine, list_services
    from cases.screening.models import ListedEntity, ScreeningHit
    from cases.screening.services import screen_lines

    old = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"\nOn {connection.vendor} ({connection.settings_dict['NAME']}): screen_lines with hits written")
        print(f"{'entities':>10}{'lines':>8}{'seconds':>9}{'lines/s':>9}{'hits':>7}")
        org = ImporterOrganisation.objects.create(name="Bench Imports", importer_number="12-3456789ZZ")
        rates = []
        for run, size in enumerate(sizes):
            ScreeningHit.objects.all().delete()
            ListedEntity.objects.all().delete()
            reference = list_services.ensure_lists()[engine.UFLPA_ENTITIES]
            rng = random.Random(1307)
            names = shipped[:size] + [(company(rng), []) for _ in range(max(0, size - len(shipped)))]
            ListedEntity.objects.bulk_create([
                ListedEntity(reference_list=reference, key=f"{n}|bench", name=name, aliases=aliases, country="CN")
                for n, (name, aliases) in enumerate(names)], batch_size=2000)
            reference.version += 1
            reference.save()
            batch = lines(random.Random(12), names[: min(size, len(shipped))])[:lines_per_size]
            shipments = Shipment.objects.bulk_create([
                Shipment(entry_number=f"BN{run}-{1000000 + n:07d}-0", importer=org, country_of_origin="CN",
                         hts_codes=["8504.40.9580"], description="Bench", quantity=1, value=1, port_code="1001",
                         importation_date="2026-11-01") for n in range(len(batch))])
            rows = EntryLine.objects.bulk_create([
                EntryLine(shipment=s, line_number=1, hts_code=line["hts"], description="Bench",
                          country_of_origin=line["country"], quantity=Decimal(1), value=Decimal(1),
                          manufacturer_name=line["manufacturer_name"],
                          manufacturer_address=line["manufacturer_address"])
                for s, line in zip(shipments, batch, strict=True)])
            engine.current_screener()  # the index is built once per list version, not per line
            start = time.perf_counter()
            hits = sum(len(screen_lines(rows[i:i + 500])) for i in range(0, len(rows), 500))
            elapsed = time.perf_counter() - start
            rates.append(len(rows) / elapsed)
            print(f"{size:>10,}{len(rows):>8,}{elapsed:>9.2f}{len(rows) / elapsed:>9,.0f}{hits:>7,}")
        if len(rates) > 1:
            print(f"\nlines/s at {sizes[0]:,} / lines/s at {sizes[-1]:,} = {rates[0] / rates[-1]:.2f} (goal: under 2)")
    finally:
        teardown_databases(old, verbosity=0)


shipped = [(r["name"], r["aliases"]) for r in parse_list_file(SHIPPED_LIST.read_bytes(), "entities")]

if __name__ == "__main__" and os.environ.get("DATABASE_URL"):
    database_run(SIZES)
