"""Demo data for screening: the shipped lists, and a few dozen entries awaiting the release-or-detain
decision whose lines raise true hits, near misses that stay clear, and clean lines (``seed_demo``)."""

import datetime
from decimal import Decimal

from django.db import transaction

from cases.demo import ORGANISATIONS, _entity
from cases.models import Shipment
from cases.screening import engine
from cases.screening.list_services import confirm_list_version, ensure_lists, load_shipped_lists, stage_list_version
from cases.services import shipments
from cases.services.support import as_of, today

# A demo-only entry for the administrators' CAATSA list: an invented name, not a finding of fact.
DEMO_CAATSA = (b"name,aliases,country,address,list_section,added_on,source\n"
               b"Dandong Demo Seafood Processing Co.,Dandong Demo Aquatic,China,\"Dandong, Liaoning\","
               b"CAATSA 321(b),2024-01-15,Demo data only\n")

# (declared manufacturer, address, country, HTS, goods, presented days ago or None, what it shows)
ENTRIES = [
    ("合盛硅业（鄯善）有限公司", "Shanshan County, Turpan", "CN", "2804.61.0000", "Polysilicon chunks", 1, "hit"),
    ("Hesheng Silicon Industry (Shanshan) Co.", "Shanshan, Sinkiang", "CN", "2804.69.5000", "Silicon metal", 2, "hit"),
    ("Xinjiang Daqo New Energy Co Ltd", "Shihezi", "CN", "2804.61.0000", "Polysilicon", None, "hit"),
    ("Khotan Haolin Hair Accessories Co", "Hotan", "CN", "6704.20.0000", "Wigs of human hair", 3, "hit"),
    ("Camel Gruop Co., Ltd.", "Xiangyang, Hubei", "CN", "8507.10.0060", "Lead-acid batteries", 1, "hit"),
    ("Ninestar Corp.", "Zhuhai, Guangdong", "CN", "8443.99.2050", "Printer cartridges", 2, "hit"),
    ("Dongguan Luzhou Shoes Co., Ltd.", "Dongguan, Guangdong", "CN", "6403.99.9065", "Leather footwear", None,
     "hit"),
    ("和田浩林发饰有限公司", "新疆和田", "CN", "6704.20.0000", "Hair accessories", 1, "hit"),
    ("Hebei Tomato Industry Co., Ltd.", "Shijiazhuang, Hebei", "CN", "2002.90.8050", "Tomato paste", 2, "hit"),
    ("Dandong Demo Aquatic", "Dandong, Liaoning", "CN", "0304.87.0000", "Frozen fish fillets", 1, "hit"),
    ("Pyongyang Garment Works", "Pyongyang", "KP", "6203.42.4011", "Men's cotton trousers", None, "hit"),
    ("Urumqi Sunrise Textiles", "Urumqi, Xinjiang", "CN", "6302.60.0020", "Cotton towels", 2, "hit"),
    ("Jiangsu Bright Cotton Mills", "Nantong, Jiangsu", "CN", "5208.12.4020", "Woven cotton fabric", 1, "hit"),
    ("Ningbo Apex Aluminium Products", "Ningbo, Zhejiang", "CN", "7604.29.1000", "Aluminum profiles", None, "hit"),
    ("Camel Logistics Co., Ltd.", "Wuhan, Hubei", "CN", "8504.40.9580", "Power supplies", 1, "near miss"),
    ("Xinjiang Tianshan Cement Co., Ltd.", "", "CN", "2523.29.0000", "Portland cement", 2, "near miss"),
    ("Esquel Consulting Group", "Hong Kong", "HK", "4911.99.8000", "Printed matter", None, "near miss"),
    ("Kingstar Herbs Limited", "Guangzhou, Guangdong", "CN", "1211.90.9290", "Dried herbs", 1, "near miss"),
    ("Shandong Meijia Seafood Co.", "", "VN", "0306.17.0040", "Frozen shrimp", 3, "near miss"),
    ("Tianjin Tianwei Electronics Co., Ltd.", "Tianjin", "CN", "8536.50.9065", "Switches", 1, "near miss"),
    ("Dongguan Oasis Furniture Co., Ltd.", "Dongguan, Guangdong", "CN", "9403.60.8081", "Wooden furniture", 2,
     "near miss"),
    ("Zhuhai Apex Trading Co., Ltd.", "Zhuhai, Guangdong", "CN", "8473.30.1180", "Computer parts", None,
     "near miss"),
    ("Hanoi Garment Joint Stock Company", "Hanoi", "VN", "6110.20.2079", "Cotton sweaters", 1, "clean"),
    ("Saigon Footwear Co.", "Ho Chi Minh City", "VN", "6404.11.9020", "Sports shoes", 2, "clean"),
    ("Monterrey Steel Works S.A. de C.V.", "Monterrey, Nuevo Leon", "MX", "8481.80.9050", "Valves", 1, "clean"),
    ("Penang Precision Sdn. Bhd.", "Bayan Lepas, Penang", "MY", "8542.31.0000", "Integrated circuits", None,
     "clean"),
    ("Dhaka Knit Fashions Ltd.", "Gazipur", "BD", "6109.10.0012", "Cotton T-shirts", 3, "clean"),
    ("Shenzhen Bright LED Co., Ltd.", "Shenzhen, Guangdong", "CN", "9405.42.8440", "LED lamps", 1, "clean"),
    ("Osaka Ceramic Works K.K.", "Osaka", "JP", "6912.00.4810", "Ceramic tableware", 2, "clean"),
    ("Bursa Towel Mills A.S.", "Bursa", "TR", "6302.60.0020", "Cotton towels", None, "clean"),
]


def seed_screening(people: dict) -> int:
    """Load the lists and the demo entries (idempotent: an entry already there is skipped)."""
    load_shipped_lists(actor=people["admin"])
    caatsa = ensure_lists()[engine.CAATSA_ENTITIES]
    if caatsa.version == 0:
        confirm_list_version(actor=people["admin"], version=stage_list_version(
            actor=people["admin"], reference_list=caatsa, file_name="caatsa-demo.csv", content=DEMO_CAATSA))
    orgs = [people[number] for _, number, _, _ in ORGANISATIONS]
    day = today()
    made = 0
    for n, (name, address, country, hts, goods, presented_ago, _kind) in enumerate(ENTRIES, start=1):
        entry = f"SC{n % 10}-{7300000 + n:07d}-{n % 10}"
        if Shipment.objects.filter(entry_number=entry).exists():
            continue
        producer = _entity(name, country)
        if address and producer.address != address:
            producer.address = address
            producer.save(update_fields=["address"])
        imported = day - datetime.timedelta(days=(presented_ago or 0) + 2)
        presented = day - datetime.timedelta(days=presented_ago) if presented_ago else None
        with transaction.atomic(), as_of(imported + datetime.timedelta(days=1)):
            shipments.register_shipment(
                actor=people["officer"], entry_number=entry, importer=orgs[n % len(orgs)], producer=producer,
                country_of_origin=country, hts_codes=[hts], description=f"{goods}, {10 + n * 7} cartons",
                quantity=Decimal(10 + n * 7), quantity_unit="cartons", value=Decimal(4_000 + n * 1_350),
                port_code=["1001", "5201", "1601", "2704"][n % 4], importation_date=imported,
                presentation_date=presented if presented and presented <= imported + datetime.timedelta(days=1)
                else None)
        if presented and presented > imported + datetime.timedelta(days=1):
            with transaction.atomic(), as_of(presented):
                shipments.record_presentation(actor=people["officer"], shipment=Shipment.objects.get(
                    entry_number=entry), presentation_date=presented)
        made += 1
    return made
