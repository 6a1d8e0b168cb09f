"""What an importer's package must contain, by kind (domain.md section 5). Pure: no database.

Each item is either a statement the importer writes (`answers[key]`) or a document category that must
be attached; `missing_parts` lists what is still missing so the review page and the submit service
say the same thing.
"""

from dataclasses import dataclass

from cases.models.investigations import IloIndicator
from cases.models.submissions import PackageKind


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    document_category: str = ""  # attach a file of this category; empty: a written statement
    required: bool = True


_CERTIFICATE_AND_STATEMENT = (
    ChecklistItem("certificate_of_origin", "Certificate of origin signed by the foreign seller or owner "
                  "(19 CFR 12.43(a))", document_category="certificate_of_origin"),
    ChecklistItem("supply_chain_statement", "Detailed statement tracing the goods and every component through "
                  "the supply chain, and the labor used (19 CFR 12.43(b))"),
    ChecklistItem("supply_chain_map", "Supply-chain map naming manufacturers, factories, farms and processing sites",
                  document_category="supply_chain_map"),
    ChecklistItem("audit_report", "Recent unannounced third-party audit", document_category="audit_report"),
    ChecklistItem("remediation_plan", "Remediation plan and evidence of implementation",
                  document_category="remediation_plan", required=False),
    ChecklistItem("payroll_records", "Payroll and production records", document_category="payroll_records",
                  required=False),
)

_UFLPA_APPLICABILITY = (
    ChecklistItem("executive_summary", "Executive summary and table of contents"),
    ChecklistItem("parties_flow_chart", "Every party in manufacture and export, with a flow chart"),
    ChecklistItem("packing_list", "Packing lists, bills of lading and manifests", document_category="packing_list"),
    ChecklistItem("invoice", "Invoices, contracts, purchase orders and proof of payment for raw materials",
                  document_category="invoice"),
    ChecklistItem("translation", "English translations of foreign-language documents",
                  document_category="translation", required=False),
)

_UFLPA_EXCEPTION = (
    ChecklistItem("due_diligence", "Due-diligence system: supplier engagement, mapping, code of conduct, "
                  "training, monitoring, remediation, independent audits"),
    ChecklistItem("supply_chain_tracing", "Supply-chain tracing of the goods and their inputs"),
    ChecklistItem("supply_chain_map", "Supply-chain map and tracing documents", document_category="supply_chain_map",
                  required=False),
    ChecklistItem("no_forced_labor_evidence", "Clear and convincing evidence that the goods were not made "
                  "wholly or in part by forced labor"),
    ChecklistItem("inquiry_answers", "Complete answers to every inquiry made by the agency"),
)

_CAATSA_EVIDENCE = (
    ChecklistItem("no_north_korean_labor", "Clear and convincing evidence that no North Korean nationals or "
                  "citizens worked on the goods or their inputs (22 U.S.C. 9241a)"),
    ChecklistItem("workforce_records", "Workforce records of every production site",
                  document_category="payroll_records"),
    ChecklistItem("supply_chain_map", "Supply-chain map naming every production site",
                  document_category="supply_chain_map"),
)

CHECKLISTS: dict[str, tuple[ChecklistItem, ...]] = {
    PackageKind.CERTIFICATE_AND_STATEMENT: _CERTIFICATE_AND_STATEMENT,
    PackageKind.UFLPA_APPLICABILITY: _UFLPA_APPLICABILITY,
    PackageKind.UFLPA_EXCEPTION: _UFLPA_EXCEPTION,
    PackageKind.CAATSA_EVIDENCE: _CAATSA_EVIDENCE,
}

PACKAGES_BY_BASIS: dict[str, tuple[str, ...]] = {
    "wro": (PackageKind.CERTIFICATE_AND_STATEMENT,),
    "finding": (PackageKind.CERTIFICATE_AND_STATEMENT,),
    "uflpa": (PackageKind.UFLPA_APPLICABILITY, PackageKind.UFLPA_EXCEPTION),
    "caatsa": (PackageKind.CAATSA_EVIDENCE,),
}

# Packages against a WRO or Finding address each ILO indicator (CBP's guidance to importers).
ILO_STATEMENT_PACKAGES = frozenset({PackageKind.CERTIFICATE_AND_STATEMENT})


def missing_parts(package: str, answers: dict, ilo_statements: dict, attached_categories) -> list[str]:
    """The labels of what a package still lacks before it can be submitted, in checklist order."""
    attached = set(attached_categories)
    missing = []
    for item in CHECKLISTS[package]:
        if not item.required:
            continue
        if item.document_category:
            if item.document_category not in attached:
                missing.append(f"{item.label} (attach a file)")
        elif not str((answers or {}).get(item.key, "")).strip():
            missing.append(item.label)
    if package in ILO_STATEMENT_PACKAGES:
        for indicator in IloIndicator:
            if not str((ilo_statements or {}).get(indicator.value, "")).strip():
                missing.append(f"Statement on the ILO indicator '{indicator.label}'")
    return missing


def package_statements(submission) -> tuple[list[dict], list[dict]]:
    """What the importer wrote in a package, in checklist order: (statements, ILO indicator statements),
    each a list of {"label", "text"}; the same reading on the portal and on the staff pages."""
    statements = [{"label": i.label, "text": submission.answers.get(i.key, "")}
                  for i in CHECKLISTS[submission.package] if not i.document_category]
    ilo = []
    if submission.package in ILO_STATEMENT_PACKAGES:
        ilo = [{"label": i.label, "text": submission.ilo_statements.get(i.value, "")} for i in IloIndicator]
    return statements, ilo
