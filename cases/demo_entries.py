"""Demo entries with lines for `seed_demo`, registered through the intake service like any import.

Fifty-nine entries (94 lines) imported in the last ten days, most presented for examination
in the last few business days so the release-or-detain queue has work. Their declared manufacturers are
of three kinds, so list screening has something to find:

- true hits: names on the UFLPA Entity List as listed, by an alias, reordered, with another legal form,
  another romanisation, in Chinese characters or with a typo; goods of North Korean origin; a
  manufacturer in Xinjiang; goods of a UFLPA high-priority sector from China;
- near misses: names sharing words with listed ones that are other companies;
- clean lines: gloves from Malaysia, furniture from Vietnam, shoes from Indonesia and the like.

The kind of each line is only in this table (the lists decide what screening raises). Re-running adds
nothing: intake is idempotent on entry number and line number.
"""

import datetime

from cases.models import User
from cases.services import intake
from cases.services.support import today

# (manufacturer name, address, country of origin, HTSUS, description, MID)
TRUE_HITS = [
    ("Hoshine Silicon Industry (Shanshan) Co., Ltd.", "Shanshan County, Turpan, Xinjiang", "CN", "2804.61.0000",
     "Polysilicon, solar grade", "CNHOSSIL1SHA"),
    ("Hesheng Silicon Industry (Shanshan) Co.", "Shanshan, Xinjiang", "CN", "2804.61.0000",
     "Polysilicon chunks", "CNHESSIL1SHA"),
    ("Xinjiang Daqo New Energy Co Ltd", "Shihezi, Xinjiang", "CN", "2804.61.0000", "Polysilicon", "CNXINDAQ1SHI"),
    ("Daqo New Energy Xinjiang Company Limited", "Shihezi Economic Development Zone", "CN", "8541.42.0000",
     "Solar cells", ""),
    ("XPCC", "Urumqi", "CN", "5201.00.1800", "Raw cotton", ""),
    ("Sinkiang Production and Construction Corps", "Urumqi", "CN", "5208.12.4020", "Cotton fabric", ""),
    ("Aksu Huafu Textiles Co., Ltd.", "Aksu, Xinjiang", "CN", "5205.12.1000", "Cotton yarn", "CNAKSHUA1AKS"),
    ("Akesu Huafu Melange Yarn Co Ltd", "Aksu", "CN", "5205.12.1000", "Melange yarn", ""),
    ("新疆大全新能源股份有限公司", "新疆石河子", "CN", "2804.61.0000", "Polysilicon", ""),
    ("Xinjiang Zhongtai Chemical Company Limited", "Urumqi, Xinjiang", "CN", "3904.10.0000", "PVC resin", ""),
    ("Xinjiang East Hope Nonferous Metals Co., Ltd.", "Changji, Xinjiang", "CN", "7601.10.6000",
     "Unwrought aluminum", ""),
    ("Hotan Haolin Hair Accessories", "Hotan, Xinjiang", "CN", "6704.20.0000", "Wigs of human hair", ""),
    ("Uighur Autonomous Region Tomato Cannery", "Kashgar, Xinjiang Uyghur Autonomous Region", "CN", "2002.90.8020",
     "Tomato paste", ""),
    ("Pyongyang Seafood Processing Co.", "Pyongyang", "KP", "0304.87.0000", "Frozen tuna fillets", ""),
    ("Shandong Ocean Foods Co., Ltd.", "Qingdao, Shandong", "CN", "0304.87.0000", "Frozen tuna fillets", ""),
    ("Jiangsu Cotton Mills Co., Ltd.", "Nantong, Jiangsu", "CN", "5208.12.4020", "Woven cotton fabric", ""),
    ("合盛硅业（鄯善）有限公司", "Shanshan County, Turpan", "CN", "2804.61.0000", "Polysilicon chunks", ""),
    ("Hesheng Silicon Industry (Shanshan) Co.", "Shanshan, Sinkiang", "CN", "2804.69.5000", "Silicon metal", ""),
    ("和田浩林发饰有限公司", "新疆和田", "CN", "6704.20.0000", "Hair accessories", ""),
    ("Camel Gruop Co., Ltd.", "Xiangyang, Hubei", "CN", "8507.10.0060", "Lead-acid batteries", ""),
    ("Ninestar Corp.", "Zhuhai, Guangdong", "CN", "8443.99.2050", "Printer cartridges", ""),
    ("Dongguan Luzhou Shoes Co., Ltd.", "Dongguan, Guangdong", "CN", "6403.99.9065", "Leather footwear", ""),
    ("Hebei Tomato Industry Co., Ltd.", "Shijiazhuang, Hebei", "CN", "2002.90.8050", "Tomato paste", ""),
    # On the demo CAATSA list only (DEMO_CAATSA in cases/screening/demo.py).
    ("Dandong Demo Aquatic", "Dandong, Liaoning", "CN", "0304.87.0000", "Frozen fish fillets", ""),
    ("Pyongyang Garment Works", "Pyongyang", "KP", "6203.42.4011", "Men's cotton trousers", ""),
    ("Urumqi Sunrise Textiles", "Urumqi, Xinjiang", "CN", "6302.60.0020", "Cotton towels", ""),
    ("Ningbo Apex Aluminium Products", "Ningbo, Zhejiang", "CN", "7604.29.1000", "Aluminum profiles", ""),
]
NEAR_MISSES = [
    ("Huafu Fashion Trading (Shanghai) Co., Ltd.", "Shanghai", "CN", "6109.10.0012", "Cotton T-shirts", ""),
    ("Daqo Furniture Vietnam Co., Ltd.", "Binh Duong", "VN", "9403.60.8081", "Wooden furniture", ""),
    ("East Hope Trading Pte. Ltd.", "Singapore", "SG", "8471.30.0100", "Laptop computers", ""),
    ("Zhongtai Securities Printing Co.", "Jinan, Shandong", "CN", "4911.10.0080", "Printed catalogues", ""),
    ("Silicon Valley Glove Sdn. Bhd.", "Klang, Selangor", "MY", "4015.19.0510", "Nitrile gloves", "MYSILVAL12KLA"),
    ("Aksu Valley Orchards LLC", "Yakima, WA", "US", "0808.10.0080", "Fresh apples", ""),
    ("Synergy Textiles Ltd.", "Dhaka", "BD", "6205.20.2016", "Men's cotton shirts", ""),
    ("Hotan Street Wigs Inc.", "Toronto, ON", "CA", "6704.20.0000", "Synthetic wigs", ""),
    ("Camel Logistics Co., Ltd.", "Wuhan, Hubei", "CN", "8504.40.9580", "Power supplies", ""),
    ("Xinjiang Tianshan Cement Co., Ltd.", "", "CN", "2523.29.0000", "Portland cement", ""),
    ("Esquel Consulting Group", "Hong Kong", "HK", "4911.99.8000", "Printed matter", ""),
    ("Kingstar Herbs Limited", "Guangzhou, Guangdong", "CN", "1211.90.9290", "Dried herbs", ""),
    ("Shandong Meijia Seafood Co.", "", "VN", "0306.17.0040", "Frozen shrimp", ""),
    ("Tianjin Tianwei Electronics Co., Ltd.", "Tianjin", "CN", "8536.50.9065", "Switches", ""),
    ("Dongguan Oasis Furniture Co., Ltd.", "Dongguan, Guangdong", "CN", "9403.60.8081", "Wooden furniture", ""),
    ("Zhuhai Apex Trading Co., Ltd.", "Zhuhai, Guangdong", "CN", "8473.30.1180", "Computer parts", ""),
]
CLEAN = [
    ("Example Glove Sdn. Bhd.", "Lot 12, Jalan Perusahaan, Klang, Selangor", "MY", "4015.19.0510",
     "Nitrile examination gloves", "MYEXAGLO12KLA"),
    ("Binh Duong Woodcraft JSC", "Thu Dau Mot, Binh Duong", "VN", "9403.60.8081", "Dining tables", ""),
    ("PT Sepatu Jaya", "Tangerang, Banten", "ID", "6404.11.9020", "Athletic shoes", ""),
    ("Gujarat Ceramics Pvt. Ltd.", "Morbi, Gujarat", "IN", "6907.21.1000", "Ceramic tiles", ""),
    ("Monterrey Steel Wire S.A. de C.V.", "Monterrey, Nuevo Leon", "MX", "7217.10.1000", "Steel wire", ""),
    ("Porto Cork Lda.", "Santa Maria da Feira", "PT", "4503.10.0000", "Natural cork stoppers", ""),
    ("Chiang Mai Silk Co., Ltd.", "Chiang Mai", "TH", "5007.20.0065", "Silk fabric", ""),
    ("Sialkot Sports Goods (Pvt) Ltd.", "Sialkot", "PK", "9506.62.4080", "Footballs", ""),
    ("Hanoi Garment Joint Stock Company", "Hanoi", "VN", "6110.20.2079", "Cotton sweaters", ""),
    ("Saigon Footwear Co.", "Ho Chi Minh City", "VN", "6404.11.9020", "Sports shoes", ""),
    ("Monterrey Steel Works S.A. de C.V.", "Monterrey, Nuevo Leon", "MX", "8481.80.9050", "Valves", ""),
    ("Penang Precision Sdn. Bhd.", "Bayan Lepas, Penang", "MY", "8542.31.0000", "Integrated circuits", ""),
    ("Dhaka Knit Fashions Ltd.", "Gazipur", "BD", "6109.10.0012", "Cotton T-shirts", ""),
    ("Shenzhen Bright LED Co., Ltd.", "Shenzhen, Guangdong", "CN", "9405.42.8440", "LED lamps", ""),
    ("Osaka Ceramic Works K.K.", "Osaka", "JP", "6912.00.4810", "Ceramic tableware", ""),
    ("Bursa Towel Mills A.S.", "Bursa", "TR", "6302.60.0020", "Cotton towels", ""),
]
IMPORTERS = ["12-3456789AA", "98-7654321BB", "45-1122334CC", "77-5566778DD"]
PORTS = ["1001", "1001", "5201", "1601", "2704"]


def _line(number: int, spec: tuple, quantity: int, value: int) -> dict:
    name, address, country, hts, description, mid = spec
    return {"line_number": number, "hts_code": hts, "description": description, "country_of_origin": country,
            "quantity": str(quantity), "quantity_unit": "cartons", "value": f"{value}.00", "currency": "USD",
            "manufacturer_id": mid, "manufacturer_name": name, "manufacturer_address": address}


def demo_entries(day: datetime.date) -> list[dict]:
    """The demo entries as the bulk API takes them: dated back from `day`."""
    specs = TRUE_HITS + NEAR_MISSES + CLEAN
    entries = []
    for n in range(len(specs)):  # every name is the first line of one entry
        imported = day - datetime.timedelta(days=2 + n % 9)
        presented = imported + datetime.timedelta(days=1) if n % 6 != 5 else None
        # Each entry carries one or two lines of the table and, every third one, a clean line beside them.
        first = specs[n % len(specs)]
        lines = [_line(1, first, 20 + n * 7 % 300, 4_000 + n * 1_373 % 90_000)]
        if n % 3 == 0:
            lines.append(_line(2, CLEAN[n % len(CLEAN)], 10 + n % 40, 1_500 + n * 211 % 9_000))
        if n % 4 == 1:
            lines.append(_line(len(lines) + 1, specs[(n * 7 + 3) % len(specs)], 5 + n % 17, 2_000 + n * 97 % 7_000))
        entries.append({
            "entry_number": f"DE{n % 10}-{5100000 + n:07d}-{n % 10}", "entry_type": "01",
            "importer_number": IMPORTERS[n % len(IMPORTERS)], "port_code": PORTS[n % len(PORTS)],
            "importation_date": imported.isoformat(),
            "presentation_date": presented.isoformat() if presented else "", "lines": lines,
        })
    return entries


def seed_entries() -> intake.IntakeResult:
    officer = User.objects.get(username="officer")
    return intake.import_entries(actor=officer, entries=intake.entries_from_objects(demo_entries(today())),
                                 source="demo data")
