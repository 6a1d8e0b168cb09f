"""The demo data set, built through the services as people would have built it.

Orders come from the published WROs and Findings (cases/fixtures/wro_findings.csv; rows marked U are
unverified transcriptions and appear only here, in the demo). Cases are dated relative to today so
that clocks are due soon and overdue whenever the demo is loaded. Every record has a natural key
(username, importer number, order reference, entry number), so loading twice adds nothing.
"""

import csv
import datetime
import random
import re
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from cases.checklists import CHECKLISTS
from cases.clocks import DeadlineKind, due_date
from cases.models import (
    Finding,
    ForeignEntity,
    IloIndicator,
    ImporterOrganisation,
    Investigation,
    Role,
    Shipment,
    User,
    WithholdReleaseOrder,
)
from cases.services import (
    decisions,
    detentions,
    investigations,
    orders,
    protests,
    rfis,
    seizures,
    shipments,
    submissions,
)
from cases.services.support import as_of, today
from cases.validators import container_check_digit

DEMO_PASSWORD = "demo-pass-2026"

# (actor, target, filename, category, title, lines) -> the stored file. One attacher: the evidence app's
# (evidence.demo), registered from its AppConfig.ready, since cases never imports evidence.
_attacher = None


def register_demo_attacher(attacher) -> None:
    global _attacher
    _attacher = attacher


def attach(*, actor, target, filename: str, category: str, title: str, lines: list[str]):
    if _attacher is None:
        raise ImproperlyConfigured("No demo file attacher is registered: is the evidence app installed?")
    return _attacher(actor=actor, target=target, filename=filename, category=category, title=title, lines=lines)
ORDERS_CSV = Path(__file__).resolve().parent / "fixtures" / "wro_findings.csv"
TOP_GLOVE_HTS = ["3926.20.1020", "4015.11.0150", "4015.19.0510", "4015.19.0550", "4015.19.1010",
                 "4015.19.1050", "4015.19.5000"]
REGION_WIDE = re.compile(r"region-wide|^All |^Tobacco from|^Artisanal|Fields$")
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")

ORGANISATIONS = [
    ("Alpha Imports LLC", "12-3456789AA", "200 Pier Ave, Long Beach, CA 90802", "importer"),
    ("Bravo Trading Co.", "98-7654321BB", "14 Harbor St, Savannah, GA 31401", "importer2"),
    ("Cedar Medical Supply Inc.", "45-1122334CC", "9 Commerce Dr, Edison, NJ 08817", None),
    ("Delta Apparel Group", "77-5566778DD", "500 Fashion Blvd, Miami, FL 33101", None),
]
STAFF = [
    ("officer", Role.OFFICER, "Ana", "Ruiz", "1001"),
    ("officer2", Role.OFFICER, "Ben", "Cole", "1001"),
    ("officer3", Role.OFFICER, "Chloe", "Park", "5201"),
    ("supervisor", Role.SUPERVISOR, "Sam", "Diaz", ""),
    ("admin", Role.ADMIN, "Alex", "Admin", ""),
]
PORTS = ["1001", "1001", "1001", "5201", "1601", "2704"]
NOTICE = {
    "reason": "Information reasonably indicates the merchandise was produced wholly or in part with forced labor.",
    "anticipated_length": "Until admissibility is proven or the statutory period ends.",
    "tests_or_inquiries": "Review of supply-chain tracing documents, audits and production records.",
    "information_requested": "The documents listed for your basis in the portal; complete answers to every question.",
}
# Where each demo port holds detained goods (the notice states it, 19 CFR 151.16(c)).
GOODS_LOCATIONS = {
    "1001": "Centralized Examination Station, 1210 Corbin Street, Elizabeth, NJ",
    "5201": "Centralized Examination Station, 6601 NW 25th Street, Miami, FL",
    "1601": "Container Freight Station, Wando Welch Terminal, Mount Pleasant, SC",
    "2704": "Centralized Examination Station, Pier 400, Los Angeles, CA",
}


def _user(username, role, first, last, port="", organisation=None, org_admin=False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, first_name=first, last_name=last, port_code=port,
                    organisation=organisation, is_organisation_admin=org_admin,
                    email=f"{username}@demo.example", is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed_people() -> dict:
    people = {}
    for username, role, first, last, port in STAFF:
        people[username] = _user(username, role, first, last, port)
    for name, number, address, username in ORGANISATIONS:
        org, _ = ImporterOrganisation.objects.get_or_create(
            importer_number=number, defaults={"name": name, "address": address,
                                              "contact_email": f"trade@{name.split()[0].lower()}.example"})
        people[number] = org
        if username:
            people[username] = _user(username, Role.IMPORTER, name.split()[0], "Compliance", organisation=org,
                                     org_admin=True)
    return people


def _entity(name: str, country: str) -> ForeignEntity:
    entity = ForeignEntity.objects.filter(name=name[:300], country=country).first()
    return entity or ForeignEntity.objects.create(name=name[:300], country=country)


def seed_orders(supervisor: User) -> None:
    """Each published row becomes an order, activated, and then modified, converted or revoked as it was."""
    with ORDERS_CSV.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=1):
        effective = datetime.date.fromisoformat(row["effective_date"])
        reference = f"{'WRO' if row['type'] == 'WRO' else 'FND'}-{effective.year}-{number:03d}"
        if WithholdReleaseOrder.objects.filter(reference=reference).exists() or Finding.objects.filter(
                reference=reference).exists():
            continue
        entity = _entity(row["entity"], row["country"])
        facts = {
            "entity": entity, "entity_name": row["entity"], "merchandise": row["merchandise"],
            "country": row["country"], "is_region_wide": bool(REGION_WIDE.search(row["entity"])),
            "hts_codes": TOP_GLOVE_HTS if "Top Glove" in row["entity"] else [],
            "source": row["source"], "confidence": row["confidence"], "later_events": row["later_events"],
        }
        with transaction.atomic():
            if row["type"] == "Finding":
                orders.publish_finding(actor=supervisor, reference=reference, published_date=effective,
                                       federal_register_citation="", **facts)
                continue
            wro = orders.create_wro(actor=supervisor, reference=reference, **facts)
            wro = orders.activate_wro(actor=supervisor, wro=wro, effective_date=effective)
            if number <= 3:
                attach(actor=supervisor, target=wro, filename=f"{reference.lower()}-notice.pdf", category="other",
                       title=f"Withhold Release Order {reference}",
                       lines=[f"Entity: {wro.entity_name}"[:90], f"Merchandise: {wro.merchandise}"[:90],
                              f"Effective {effective:%d %B %Y} under 19 CFR 12.42(e)."])
            _apply_later_events(supervisor, wro, row, number)


def _apply_later_events(supervisor, wro, row, number) -> None:
    events = row["later_events"]
    dates = [datetime.date.fromisoformat(d) for d in DATE.findall(events)]
    finding = None
    if events.startswith("Finding") and dates:
        finding = orders.publish_finding(
            actor=supervisor, reference=f"FND-{dates[0].year}-{number:03d}", published_date=dates[0],
            federal_register_citation=(re.search(r"\d+ FR \d+", events) or [""])[0], source_wro=wro,
            entity=wro.entity, entity_name=wro.entity_name, merchandise=wro.merchandise, country=wro.country,
            hts_codes=wro.hts_codes, source=wro.source, confidence=wro.confidence,
        )
    if row["status"] == "Partially Active":
        when = dates[0] if dates else wro.effective_date
        orders.modify_wro(actor=supervisor, wro=wro, description=events or "Modified for named producers",
                          effective_date=when, reason=events or "Partial modification")
    elif row["status"] == "Inactive":
        when = max([d for d in dates if d >= wro.effective_date] or [wro.effective_date])
        if finding is not None and "lifted" in events:
            orders.mark_finding_no_longer_necessary(actor=supervisor, finding=finding, effective_date=when,
                                                    reason=events)
        orders.revoke_wro(actor=supervisor, wro=wro, effective_date=when, reason=events or "Listed inactive")


def seed_investigations(officer: User, supervisor: User) -> None:
    if Investigation.objects.filter(subject__startswith="North Korean workers").exists():
        return
    dandong = _entity("Dandong Huaxin Protective Products Co.", "CN")
    inv = investigations.receive_allegation(
        actor=officer, allegation_source="Non-governmental organisation report",
        allegation_received_on=today() - datetime.timedelta(days=40),
        allegation_summary="Workers from North Korea are reported to make masks and gowns in Dandong factories "
                           "under state contracts, with wages paid to the state and passports held.",
        subject="North Korean workers in Dandong PPE factories", merchandise="Personal protective equipment",
        country="CN", hts_codes=["6307.90", "6210.10"], subject_entity=dandong, suspected_basis="caatsa",
        receiving_port_code="1001", priority="urgent",
    )
    investigations.open_investigation(actor=officer, investigation=inv)
    investigations.assign_investigation(actor=supervisor, investigation=inv, officer=officer)
    attach(actor=officer, target=inv, filename="dandong-site-visit-notes.pdf", category="investigation_evidence",
           title="Site visit notes: Dandong PPE factories",
           lines=["Two former workers interviewed; passports held by the dormitory manager.",
                  "Wages paid to a state trading company, not to the workers.",
                  "Shifts of 14 hours, six days a week, reported by both."])
    attach(actor=officer, target=inv, filename="dandong-shipments.xlsx", category="investigation_evidence",
           title="Shipments", lines=["Entry | Date | Merchandise | Quantity",
                                     "DM0-0000001-1 | 2026-09-02 | Isolation gowns | 12000",
                                     "DM0-0000002-9 | 2026-10-14 | Face masks | 50000"])
    for indicator in (IloIndicator.RETENTION_OF_IDENTITY_DOCUMENTS, IloIndicator.WITHHOLDING_OF_WAGES,
                      IloIndicator.RESTRICTION_OF_MOVEMENT, IloIndicator.EXCESSIVE_OVERTIME):
        investigations.assess_indicator(actor=officer, investigation=inv, indicator=indicator, observed=True,
                                        notes="Reported by two former workers and the NGO's site visit.")
    other = investigations.receive_allegation(
        actor=officer, allegation_source="Anonymous tip to the port", allegation_received_on=today() - datetime.
        timedelta(days=6), allegation_summary="Fishing crews reportedly held on board for years without pay.",
        subject="Crew of the longliner Ocean Star", merchandise="Frozen tuna", country="VU", hts_codes=["0303.44"],
        receiving_port_code="5201",
    )
    investigations.open_investigation(actor=officer, investigation=other)
    investigations.receive_allegation(
        actor=officer, allegation_source="Trade union federation", allegation_received_on=today() - datetime.
        timedelta(days=3), allegation_summary="Recruitment fees and debt bondage at a glove maker's dormitories.",
        subject="Glove dormitory recruitment fees", merchandise="Nitrile gloves", country="MY",
        hts_codes=["4015.19"], receiving_port_code="1001",
    )


class CaseBuilder:
    """Builds one shipment and walks it to a state, back-dating each act to when it happened."""

    def __init__(self, people: dict, rng: random.Random):
        self.people = people
        self.rng = rng
        self.count = Shipment.objects.count()
        self.wros = list(WithholdReleaseOrder.objects.filter(status__in=["active", "partially_active"],
                                                             inactive_since__isnull=True, country="MY"))
        self.findings = list(Finding.objects.filter(status="published"))
        self.orgs = [people[number] for _, number, _, _ in ORGANISATIONS]

    def shipment(self, *, basis: str, age: int, org=None, port=None) -> tuple[Shipment, dict]:
        self.count += 1
        entry = f"DM{self.count % 10}-{4200000 + self.count:07d}-{self.count % 10}"
        order = {}
        if basis == "wro":
            wro = self.rng.choice(self.wros)
            order, producer, country = {"wro": wro}, wro.entity, wro.country
        elif basis == "finding":
            finding = self.rng.choice(self.findings)
            order, producer, country = {"finding": finding}, finding.entity, finding.country
        elif basis == "caatsa":
            producer, country = _entity("Dandong Huaxin Protective Products Co.", "CN"), "CN"
        else:
            producer, country = _entity(self.rng.choice(["Aksu Golden Cotton Textiles", "Hotan Tomato Agri Co.",
                                                         "Kashgar Polysilicon Works"]), "CN"), "CN"
        imported = today() - datetime.timedelta(days=age)
        officer = self.people["officer"]
        with as_of(imported + datetime.timedelta(days=1)):
            shipment = shipments.register_shipment(
                actor=officer, entry_number=entry, importer=org or self.rng.choice(self.orgs), producer=producer,
                country_of_origin=country, hts_codes=["4015.19.0510" if country == "MY" else "6307.90.9889"],
                description=f"{order and next(iter(order.values())).merchandise or 'Textile and PPE goods'}, "
                            f"{self.rng.randint(20, 400)} cartons",
                quantity=Decimal(self.rng.randint(20, 400)), quantity_unit="cartons",
                value=Decimal(self.rng.randint(8_000, 240_000)), port_code=port or self.rng.choice(PORTS),
                importation_date=imported, presentation_date=imported + datetime.timedelta(days=1),
                exam_basis=basis, exam_wro=order.get("wro"), exam_finding=order.get("finding"),
            )
        return shipment, order

    def detain(self, *, basis, age, org=None, port=None, officer="officer", assign=True):
        shipment, order = self.shipment(basis=basis, age=age, org=org, port=port)
        actor = self.people[officer] if assign else self.people["supervisor"]
        with as_of(shipment.presentation_date):
            return detentions.detain_shipment(actor=actor, shipment=shipment, basis=basis,
                                              detained_on=shipment.presentation_date, **order)

    def custody(self, detention) -> dict:
        """The parties and custody details an officer records with the notice."""
        serial = f"{self.rng.randrange(10**6):06d}"
        container = f"MSKU{serial}"
        return {
            "broker_name": self.rng.choice(["Harbor Customs Brokerage Inc.", "Atlantic Entry Services LLC", ""]),
            "goods_location": GOODS_LOCATIONS.get(detention.port_code, ""),
            "bill_of_lading": f"MAEU{self.rng.randrange(10**9):09d}",
            "container_numbers": [f"{container}{container_check_digit(container)}"],
            "contact_phone": f"+1 202 555 01{self.rng.randrange(100):02d}",
        }

    def noticed(self, **kw):
        detention = self.detain(**kw)
        issued = min(detention.detained_on + datetime.timedelta(days=2), today())
        with as_of(issued):
            return detentions.issue_notice(actor=detention.assigned_officer or self.people["supervisor"],
                                           detention=detention, issued_on=issued, **NOTICE,
                                           **self.custody(detention))

    def filed(self, *, importer_user: str, **kw):
        user = self.people[importer_user]
        detention = self.noticed(org=user.organisation, **kw)
        # The demo files UFLPA exception packages: their required parts are statements, so they can be
        # complete without documents (documents go through the evidence app's intake, not the demo).
        package = "uflpa_exception"
        answers = {item.key: f"See the attached narrative for: {item.label.lower()}."
                   for item in CHECKLISTS[package] if not item.document_category}
        filed_on = min(detention.notice_issued_on + datetime.timedelta(days=5), today())
        with as_of(filed_on):
            draft = submissions.save_draft(actor=user, detention=detention, package=package, answers=answers,
                                           summary="Our supplier has no XUAR nexus and no North Korean labor.")
            entry = detention.shipment.entry_number
            attach(actor=user, target=draft, filename=f"audit-report-{entry}.pdf", category="audit_report",
                   title=f"Third-party social compliance audit, entry {entry}",
                   lines=["Audited sites: spinning mill, weaving mill, garment factory.",
                          "No indicator of forced labor found; wage records reconciled for 12 months.",
                          "Raw cotton traced to farms outside the XUAR by isotopic testing."])
            attach(actor=user, target=draft, filename=f"supply-chain-map-{entry}.xlsx", category="supply_chain_map",
                   title="Supply chain", lines=["Tier | Site | Country | Role",
                                                "1 | Garment factory | VN | Cut and sew",
                                                "2 | Weaving mill | VN | Fabric", "3 | Spinning mill | IN | Yarn",
                                                "4 | Cotton farms | US | Raw cotton"])
            submissions.submit_submission(actor=user, submission=draft)
        detention.refresh_from_db()
        return detention


def seed_cases(people: dict) -> None:
    if Shipment.objects.filter(entry_number__startswith="DM").exists():
        return
    rng = random.Random(1307)
    build = CaseBuilder(people, rng)
    officer, officer2 = people["officer"], people["officer2"]
    org_a = people["importer"].organisation
    # Presented, the release-or-detain decision pending (due within 5 business days).
    for age in (1, 2, 3, 4, 5, 9):
        build.shipment(basis="uflpa", age=age)
    for age in (20, 35):
        shipment, _ = build.shipment(basis="uflpa", age=age)
        with as_of(shipment.presentation_date):
            shipments.release_shipment(actor=officer, shipment=shipment)
    # Detained, notice not yet issued (two overdue), some unassigned in the port queue.
    for age, assign in ((2, True), (4, False), (9, False), (12, True), (3, False), (6, False)):
        build.detain(basis=rng.choice(["caatsa", "uflpa", "wro"]), age=age, assign=assign, port="1001")
    # The Miami port's own queue, worked by its officer.
    for age, basis in ((2, "uflpa"), (5, "caatsa"), (11, "wro"), (19, "uflpa"), (27, "finding")):
        detention = build.detain(basis=basis, age=age, port="5201", officer="officer3")
        if age > 5:
            with as_of(min(detention.detained_on + datetime.timedelta(days=1), today())):
                detentions.issue_notice(actor=people["officer3"], detention=detention,
                                        issued_on=min(detention.detained_on + datetime.timedelta(days=1), today()),
                                        **NOTICE)
    for age in (7, 13, 17):
        build.noticed(basis=rng.choice(["uflpa", "caatsa"]), age=age, port="1601", assign=False)
    # Notice issued: the importer's window runs (some due soon, one lapsed).
    for age, basis in ((8, "uflpa"), (24, "uflpa"), (28, "uflpa"), (33, "uflpa"), (15, "caatsa"), (40, "caatsa"),
                       (70, "wro"), (86, "wro"), (95, "wro"), (30, "finding")):
        build.noticed(basis=basis, age=age, org=org_a if age in (24, 70, 15) else None)
    # Packages filed by importer A and B; some under review, two with an RFI open.
    filed = [build.filed(importer_user=user, basis=basis, age=age) for user, basis, age in (
        ("importer", "uflpa", 18), ("importer", "uflpa", 20), ("importer2", "uflpa", 22),
        ("importer", "uflpa", 16), ("importer2", "uflpa", 25), ("importer", "uflpa", 19),
        ("importer2", "uflpa", 21), ("importer", "uflpa", 12), ("importer2", "uflpa", 14))]
    for detention in filed[3:]:
        submissions.start_review(actor=detention.assigned_officer, detention=detention)
    for detention in filed[3:5]:
        rfis.send_rfi(actor=detention.assigned_officer, detention=detention,
                      questions="Provide the payroll and attendance records of the sewing line for March.")
    # One request answered with its file, so the record shows a question, an answer and the evidence.
    answered = filed[3].rfis.get()
    answerer = people["importer"] if filed[3].shipment.importer_id == org_a.pk else people["importer2"]
    attach(actor=answerer, target=answered, filename="payroll-march.xlsx", category="payroll_records",
           title="Payroll March", lines=["Worker | Hours | Gross pay (VND) | Paid on",
                                         "W-0141 | 208 | 7850000 | 2026-04-05", "W-0142 | 196 | 7400000 | 2026-04-05",
                                         "W-0143 | 212 | 8010000 | 2026-04-05"])
    rfis.answer_rfi(actor=answerer, rfi=answered,
                    answer="The payroll and attendance records for March are attached; every worker was paid "
                           "by bank transfer on 5 April.")
    # Proposals awaiting a supervisor (the review queue).
    for detention, outcome in zip(filed[5:], ("release", "exclude", "release", "exclude"), strict=True):
        decisions.propose_decision(actor=officer2 if outcome == "exclude" else officer, detention=detention,
                                   outcome=outcome, release_ground="not_subject" if outcome == "release" else "",
                                   reasons="The record supports this outcome; see the review notes.")
    # A seizure under a Finding follows the 3-month proof window (19 CFR 12.44(b)): that case is older.
    for basis, age in (("wro", 40), ("finding", 110)):
        detention = build.noticed(basis=basis, age=age)
        decisions.propose_decision(actor=officer, detention=detention, outcome="release" if basis == "wro" else "seize",
                                   reasons="Proof of admissibility reviewed.")
    _seed_outcomes(build, people)


def _decide(people, detention, outcome, on: datetime.date, proposer="officer"):
    with as_of(on):
        decisions.propose_decision(actor=people[proposer], detention=detention, outcome=outcome,
                                   release_ground="not_subject" if detention.basis == "uflpa" and outcome == "release"
                                   else "",
                                   reasons="Decided on the record after review of the importer's evidence.")
        decisions.approve_decision(actor=people["supervisor"], detention=detention)
    detention.refresh_from_db()
    return detention


def _after_proof_window(detention) -> datetime.date:
    """19 CFR 12.44(a)-(b): with no proof filed, exclusion or seizure follows the 3-month window of 12.43."""
    return detention.shipment.importation_date + datetime.timedelta(days=100)


def _seed_outcomes(build: CaseBuilder, people: dict) -> None:
    for age in (45, 60, 75, 110):
        detention = build.noticed(basis=build.rng.choice(["uflpa", "caatsa", "wro"]), age=age)
        _decide(people, detention, "release", detention.notice_issued_on + datetime.timedelta(days=14))
    excluded = []
    owners = {130: people["importer"].organisation, 150: people["importer2"].organisation}
    for age in (130, 150, 170):
        detention = build.noticed(basis="wro", age=age, org=owners.get(age))
        excluded.append(_decide(people, detention, "exclude", _after_proof_window(detention)))
    with as_of(excluded[0].decided_on + datetime.timedelta(days=20)):
        protests.file_protest(actor=people["importer"], detention=excluded[0], protestant_name="Alpha Imports LLC",
                              protestant_address="200 Pier Ave, Long Beach, CA 90802", importer_number="12-3456789AA",
                              entry_number=excluded[0].shipment.entry_number,
                              merchandise=excluded[0].shipment.description,
                              objections="The goods come from a producer exempted by the order's modification.")
    # A second protest awaiting a decision, from the other importer.
    with as_of(excluded[1].decided_on + datetime.timedelta(days=12)):
        protests.file_protest(actor=people["importer2"], detention=excluded[1], protestant_name="Bravo Trading Co.",
                              protestant_address="14 Harbor St, Savannah, GA 31401", importer_number="98-7654321BB",
                              entry_number=excluded[1].shipment.entry_number,
                              merchandise=excluded[1].shipment.description,
                              objections="The certificate of origin and the detailed statement were filed within "
                                         "three months and were not considered.")
    detentions.record_abandonment(detention=excluded[2], lapsed_on=due_date(DeadlineKind.ABANDONMENT,
                                                                            excluded[2].decided_on))
    for age in (50, 65):
        detention = build.noticed(basis="uflpa", age=age)
        lapsed = due_date(DeadlineKind.ADMISSIBILITY_DETERMINATION, detention.presented_on)
        with as_of(lapsed + datetime.timedelta(days=1)):
            detentions.record_deemed_exclusion(detention=detention, lapsed_on=lapsed)
    seized = []
    for age in (115, 140, 170):
        detention = build.noticed(basis="finding", age=age,
                                  org=people["importer"].organisation if age == 115 else None)
        seized.append(_decide(people, detention, "seize", _after_proof_window(detention)))
    _seed_after_decision(people, seized, abandoned=excluded[2])
    for age in (26, 38):
        detention = build.noticed(basis="wro", age=age)
        with as_of(detention.notice_issued_on + datetime.timedelta(days=7)):
            detentions.elect_export(actor=detention.assigned_officer, detention=detention)


def _seed_after_decision(people: dict, seized: list, abandoned) -> None:
    """After the decision (docs/seizure.md): a Finding case seized, petitioned and decided; one awaiting the
    party's election; one declared forfeited and awaiting destruction; abandoned goods destroyed."""
    officer, supervisor, importer = people["officer"], people["supervisor"], people["importer"]
    seizure_records = []
    for n, detention in enumerate(seized):
        with as_of(detention.decided_on):
            seizure_records.append(seizures.record_seizure(
                actor=officer, seizure=detention.seizure, goods_description=detention.shipment.description,
                quantity=f"{detention.shipment.quantity} {detention.shipment.quantity_unit}",
                appraised_value=detention.shipment.value, storage_location="Centralized examination station, bay 4",
                custody_receipt_number=f"6051S-2026-{n + 1:04d}"))
    first = seizure_records[0]
    with as_of(first.seized_on + datetime.timedelta(days=3)):
        petition = seizures.file_petition(
            actor=importer, seizure=first, kind="petition",
            grounds="The gloves were made at a plant outside the entity named in the Finding; see the audit.")
    with as_of(first.seized_on + datetime.timedelta(days=6)):
        seizures.propose_petition_decision(actor=officer, petition=petition, outcome="deny",
                                           reasons="The audit covers another plant, not the one that made the goods.")
        seizures.approve_petition_decision(actor=supervisor, petition=petition)
    last = seizure_records[2]
    published = last.notice_sent_on + datetime.timedelta(days=35)
    with as_of(published):
        seizures.publish_intent_to_forfeit(actor=officer, seizure=last)
    with as_of(published + datetime.timedelta(days=31)):
        seizures.declare_forfeiture(actor=supervisor, seizure=last,
                                    reason="No claim within 20 days of publication; declaration FP-2026-0113.")
    abandoned.refresh_from_db()
    disposition = abandoned.dispositions.get()
    with as_of(disposition.ordered_on + datetime.timedelta(days=3)):
        seizures.record_destruction(actor=officer, disposition=disposition,
                                    destruction_method="Shredded and incinerated", witness_name="Lee Park",
                                    witness_title="Import specialist")


def seed_demo() -> None:
    people = seed_people()
    seed_orders(people["supervisor"])
    seed_investigations(people["officer"], people["supervisor"])
    with transaction.atomic():
        seed_cases(people)
    # The lists first, so the entries are screened as they arrive.
    from cases.demo_entries import seed_entries  # noqa: PLC0415 - entries with lines, through the intake service
    from cases.screening.demo import seed_screening_lists  # noqa: PLC0415 - the screening app imports this module

    seed_screening_lists(people)
    seed_entries()
