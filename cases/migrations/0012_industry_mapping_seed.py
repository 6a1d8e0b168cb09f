"""Seed the HTS-to-industry mapping of the public statistics (docs/statistics.md lists it and its source).

The table is frozen here as it was seeded; administrators edit the rows afterwards in the admin site.
"""

from django.db import migrations

# (first chapter, last chapter, industry, what the chapters cover)
CHAPTER_RANGES = [
    (1, 24, "agriculture", "Animals, plants, foodstuffs, beverages and tobacco"),
    (25, 27, "industrial", "Salt, earths, ores and mineral fuels"),
    (28, 38, "pharma_chemicals", "Chemicals, pharmaceutical products, fertilisers, dyes, cosmetics"),
    (39, 40, "industrial", "Plastics and rubber"),
    (41, 43, "apparel", "Hides, leather, leather articles and furskins"),
    (44, 49, "industrial", "Wood, cork, pulp, paper and printed matter"),
    (50, 63, "apparel", "Textile fibres, fabrics, apparel and made-up textiles"),
    (64, 67, "apparel", "Footwear, headgear, umbrellas, feathers and wigs"),
    (68, 70, "industrial", "Stone, ceramic and glass"),
    (71, 71, "consumer", "Pearls, precious stones, jewellery and coin"),
    (72, 83, "base_metals", "Base metals and articles of base metal"),
    (84, 84, "industrial", "Machinery and mechanical appliances"),
    (85, 85, "electronics", "Electrical machinery and electronics, including solar cells (8541)"),
    (86, 89, "automotive", "Railway, road vehicles, aircraft and vessels"),
    (90, 90, "electronics", "Optical, measuring and medical instruments"),
    (91, 92, "consumer", "Clocks, watches and musical instruments"),
    (94, 96, "consumer", "Furniture, lighting, toys, sports goods and miscellaneous articles"),
]
HEADINGS = [
    ("8443", "electronics", "Printers, copiers and fax machines"),
    ("8471", "electronics", "Computers and their units"),
    ("8473", "electronics", "Parts of office machines and computers"),
]


def seed(apps, schema_editor):
    mapping = apps.get_model("cases", "IndustryMapping")
    rows = [
        mapping(hts_prefix=f"{chapter:02d}", industry=industry, note=f"Chapter {chapter:02d}: {note}")
        for first, last, industry, note in CHAPTER_RANGES for chapter in range(first, last + 1)
    ]
    rows += [mapping(hts_prefix=heading, industry=industry, note=f"Heading {heading}: {note}")
             for heading, industry, note in HEADINGS]
    mapping.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("cases", "IndustryMapping").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_statistics")]
    operations = [migrations.RunPython(seed, unseed)]
