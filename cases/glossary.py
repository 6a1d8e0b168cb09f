"""The glossary: the terms importers meet on their notices and pages, in the words of the law.

Each definition is copied from the project's domain reference (itself quoting the statute, regulation
or agency text) and carries its citation. Templates link a term to its entry with {% term "key" %}
(cases/templatetags/workspace.py); the page is /glossary/.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    name: str
    definition: str
    citation: str
    short: str  # the one-line help shown beside the term where it appears


TERMS = [
    Term("forced-labor", "Forced labor",
         "Goods “mined, produced, or manufactured wholly or in part in any foreign country by convict labor "
         "or/and forced labor or/and indentured labor under penal sanctions shall not be entitled to entry”. "
         "Forced labor: “all work or service which is exacted from any person under the menace of any penalty "
         "for its nonperformance and for which the worker does not offer himself voluntarily” (includes forced "
         "or indentured child labor).",
         "19 U.S.C. 1307 (Tariff Act of 1930 sec. 307)",
         "Work exacted under the menace of a penalty; goods made with it may not enter the United States."),
    Term("wro", "Withhold Release Order (WRO)",
         "Issued when information “reasonably, but not conclusively” indicates that merchandise made with "
         "forced labor is being or is likely to be imported; ports then withhold release of it. Goods under a "
         "WRO may be exported at any time before seizure or deemed abandonment; without timely, sufficient proof "
         "of admissibility the port director advises the importer in writing that the goods are excluded.",
         "19 CFR 12.42(e); 19 CFR 12.44(a)",
         "An order to hold goods that information reasonably, but not conclusively, ties to forced labor."),
    Term("finding", "Finding",
         "The Commissioner determines that information conclusively demonstrates forced labor; approved by the "
         "Secretary of Homeland Security; published in the Federal Register and the Customs Bulletin. It applies "
         "to imports on or after publication and to goods still in custody. Under a Finding, insufficient or late "
         "proof means seizure and forfeiture proceedings; export is no longer offered.",
         "19 CFR 12.42(f); 19 CFR 12.44(b)",
         "A published determination that information conclusively shows forced labor; goods may be seized."),
    Term("uflpa", "Uyghur Forced Labor Prevention Act (UFLPA) presumption",
         "Goods made wholly or in part in the Xinjiang Uyghur Autonomous Region or by an entity on the UFLPA "
         "Entity List are presumed prohibited (imports on or after 21 June 2022). They are released by an "
         "applicability review or an exception.",
         "Pub. L. 117-78",
         "Goods tied to Xinjiang or to a listed entity are presumed made with forced labor."),
    Term("applicability-review", "UFLPA applicability review",
         "Release because the goods are outside the presumption: no nexus to the Xinjiang Uyghur Autonomous "
         "Region or to a listed entity. The importer shows it with packing lists, bills of lading, manifests; "
         "documents naming every party in manufacture and export, with a flow chart; invoices, contracts, "
         "purchase orders and proof of payment for raw materials; English translations; an executive summary "
         "and table of contents. No single document guarantees release.",
         "Pub. L. 117-78; CBP practice",
         "Shows the goods have no Xinjiang or listed-entity link, so the presumption does not apply."),
    Term("exception", "UFLPA exception",
         "Release although the presumption applies. It needs all three: full compliance with the guidance, "
         "complete answers to every inquiry, and clear and convincing evidence that the goods were not made "
         "with forced labor. The Commissioner reports each exception to Congress within 30 days. The importer "
         "shows its due-diligence system (supplier engagement, mapping, code of conduct, training, monitoring, "
         "remediation, independent audits), supply-chain tracing, and proof of no Xinjiang nexus or, if any, "
         "of no forced labor.",
         "Pub. L. 117-78 sec. 3(b) and 3(c)",
         "Accepts that the presumption applies and proves, by clear and convincing evidence, no forced labor."),
    Term("caatsa", "North Korean labor presumption (CAATSA)",
         "Goods made wholly or in part by the labor of North Korean nationals or citizens, anywhere, are presumed "
         "forced-labor goods unless the Commissioner finds by clear and convincing evidence they were not.",
         "CAATSA sec. 321(b), 22 U.S.C. 9241a",
         "Goods made by North Korean workers, anywhere, are presumed made with forced labor."),
    Term("detention", "Detention",
         "CBP decides to release or detain within 5 days, excluding weekends and holidays, after the goods are "
         "presented for examination; goods not released by then are deemed detained.",
         "19 U.S.C. 1499(c)(1); 19 CFR 151.16",
         "The agency holds the goods while it decides whether they may enter."),
    Term("cf-6051d", "CBP Form 6051D, notice of detention",
         "Issues within 5 days, excluding weekends and holidays, after the decision to detain, stating (A) that "
         "detention began, (B) the specific reason, (C) the anticipated length, (D) the tests or inquiries, "
         "(E) information that, if supplied, may speed disposition.",
         "19 U.S.C. 1499(c)(2); 19 CFR 151.16(c)",
         "The letter telling you your goods are detained, why, and what may speed a decision."),
    Term("cf-28", "CBP Form 28, request for information",
         "The agency's request for information about an entry. The importer answers by the date shown on the "
         "request (30 calendar days by default); unanswered, the agency decides on the record it has. "
         "While a request is open the case waits for the importer.",
         "CBP Form 28 practice",
         "A written request from the agency for information about your entry."),
    Term("proof-of-admissibility", "Proof of admissibility",
         "Within 3 months after the date of importation, the importer either exports the goods or submits a "
         "certificate of origin signed by the foreign seller or owner and a detailed statement tracing the goods "
         "and every component through the supply chain and the labor used.",
         "19 CFR 12.43",
         "The certificate of origin and detailed statement that can win the goods' release."),
    Term("exclusion", "Exclusion and deemed exclusion",
         "Without timely, sufficient proof the goods are excluded; 60 days after that advice they are deemed "
         "abandoned and destroyed unless exported or protested. No final admissibility decision within 30 days "
         "after presentation is a deemed exclusion, for the purposes of protest only: it opens the protest right "
         "and changes nothing else.",
         "19 CFR 12.44(a); 19 U.S.C. 1499(c)(5)(A)",
         "A refusal of entry; a deemed exclusion only opens the right to protest."),
    Term("protest", "Protest (CBP Form 19)",
         "An exclusion is protestable within 180 days after the decision. Exclusion protests are decided before "
         "the 30th day or are deemed denied on it. One protest per entry; it may be amended before decision or "
         "withdrawn. A denied protester may sue in the Court of International Trade within 180 days of the "
         "mailing of the denial or of the deemed denial.",
         "19 U.S.C. 1514; 19 CFR 174.21(b); 28 U.S.C. 2636(a)",
         "Your formal objection to an exclusion, filed within 180 days."),
]

BY_KEY = {t.key: t for t in TERMS}
