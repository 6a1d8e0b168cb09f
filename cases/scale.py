"""A national-volume data set for benchmarks and capacity tests (`manage.py generate_scale`).

Entries with lines over 20 ports and 50 importers (a skewed share: a few importers bring most of the
entries), and for a share of them detentions in every state with the rows each state implies: clocks
(met, open, lapsed and escalated as the state says), submissions, requests for information, proposed
and approved decisions, protests, notifications, and audit events that `verify_audit` accepts (each
written with its content MAC and linked into the chain by the sealer's own steps, under its lock on the
chain head). The stored next clock
of every detention is set by the deadlines service, so `check_next_clocks` finds no drift.

PostgreSQL is filled with COPY, SQLite with bulk inserts, in batches with their own transaction; ids are
allocated above the highest existing one and the sequences moved past them afterwards, so the data
set can be added to a database that already has data (the demo) and generated again with another seed.
Everything is synthetic: names are invented, no real company is named.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from cases import audit
from cases.bulk_copy import copy_rows
from cases.clocks import CLOCK_RULES, DeadlineKind
from cases.models import (
    AdmissibilitySubmission,
    AuditEvent,
    Deadline,
    Decision,
    Detention,
    EntryLine,
    Finding,
    ForeignEntity,
    ImporterOrganisation,
    Notification,
    Protest,
    RequestForInformation,
    Shipment,
    User,
    WithholdReleaseOrder,
)
from cases.services.deadlines import sync_next_clock

PORTS = ["1001", "1303", "1703", "2002", "2704", "2709", "2809", "3001", "3002", "3004", "3901", "4101",
         "4601", "4701", "5203", "5301", "5501", "1401", "0901", "0401"]
# (HTS, description, country): goods seen in forced-labor enforcement and goods that are not.
GOODS = [
    ("4015.19.0510", "Nitrile examination gloves", "MY"), ("5208.12.4020", "Woven cotton fabric", "CN"),
    ("2804.61.0000", "Polysilicon", "CN"), ("2002.90.8020", "Tomato paste", "CN"),
    ("7601.10.6000", "Unwrought aluminum", "CN"), ("0304.87.0000", "Frozen tuna fillets", "CN"),
    ("6109.10.0012", "Cotton T-shirts", "BD"), ("9403.60.8081", "Wooden furniture", "VN"),
    ("6404.11.9020", "Athletic shoes", "ID"), ("8541.42.0000", "Solar cells", "MY"),
    ("1701.14.1000", "Raw cane sugar", "DO"), ("1511.10.0000", "Crude palm oil", "MY"),
]
BASES = ["caatsa", "uflpa", "wro", "finding"]
# The share of each state among detentions (sums to 1): most cases are closed, a working set is open.
STATES = [
    ("detained", 0.02), ("notice_issued", 0.05), ("submission_received", 0.04), ("under_review", 0.06),
    ("awaiting_importer", 0.02), ("deemed_excluded", 0.02), ("released", 0.33), ("excluded", 0.22),
    ("seized", 0.04), ("exported", 0.12), ("abandoned", 0.05), ("forfeited", 0.03),
]
DECIDED = {"released", "excluded", "seized", "exported", "abandoned", "forfeited"}
PACKAGES = {"caatsa": "caatsa_evidence", "uflpa": "uflpa_exception", "wro": "certificate_and_statement",
            "finding": "certificate_and_statement"}
RESPONSE_CLOCK = {"caatsa": DeadlineKind.CAATSA_EVIDENCE, "uflpa": DeadlineKind.UFLPA_RESPONSE,
                  "wro": DeadlineKind.PROOF_OF_ADMISSIBILITY, "finding": DeadlineKind.PROOF_OF_ADMISSIBILITY}


def skewed(rng: random.Random, n: int) -> int:
    """An index in range(n), the first ones far more often (a Zipf-like share, like importers' volumes)."""
    return min(int(rng.paretovariate(1.2)) - 1, n - 1)


@dataclass
class Batch:
    """The rows of one batch, by model, in the order they are written (parents first)."""

    rows: dict[type, list] = field(default_factory=dict)

    def add(self, obj: models.Model) -> models.Model:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj


class _Ids:
    """Ids allocated above the highest existing one of each table (COPY and bulk inserts name them)."""

    def __init__(self):
        self.next: dict[type, int] = {}

    def take(self, model: type) -> int:
        if model not in self.next:
            highest = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
            self.next[model] = highest + 1
        value = self.next[model]
        self.next[model] += 1
        return value


def _write(model: type, objs: list) -> None:
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=500)
        return
    copy_rows(model, objs)


def _reset_sequences(touched: list[type]) -> None:
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(_NoStyle(), touched)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text


@dataclass
class World:
    orgs: list
    importer_users: list
    producers: list
    officers: list
    supervisors: list
    wros: list
    findings: list


def reference_data(rng: random.Random) -> World:
    """The ports, 50 importers (each with a portal user), 500 producers, 40 officers and 4 supervisors."""
    call_command("load_ports", verbosity=0)
    words = ["Alder", "Birch", "Cedar", "Delta", "Harbor", "Pacific", "Summit", "Prairie", "Granite", "Beacon"]
    orgs, users = [], []
    for i in range(50):
        org, _ = ImporterOrganisation.objects.get_or_create(
            importer_number=f"{60 + i % 40:02d}-{7000000 + i:07d}SC",
            defaults={"name": f"{words[i % 10]} {['Trading', 'Imports', 'Supply', 'Brands', 'Retail'][i // 10]} "
                              f"{i + 1} LLC", "address": f"{100 + i} Commerce Way", "contact_email":
                              f"trade{i}@importer.example"})
        orgs.append(org)
        user, _ = User.objects.get_or_create(username=f"scale-importer-{i + 1}",
                                             defaults={"role": "importer", "organisation": org})
        users.append(user)
    producers = [ForeignEntity.objects.get_or_create(
        name=f"{words[i % 10]} {['Textile', 'Glove', 'Solar', 'Food', 'Metal'][i % 5]} Works No. {i + 1} Co.",
        defaults={"country": GOODS[i % len(GOODS)][2]})[0] for i in range(500)]
    officers = [User.objects.get_or_create(username=f"scale-officer-{n + 1}", defaults={
        "role": "officer", "port_code": PORTS[n % len(PORTS)], "first_name": "Officer", "last_name": str(n + 1)})[0]
        for n in range(40)]
    supervisors = [User.objects.get_or_create(username=f"scale-supervisor-{n + 1}", defaults={
        "role": "supervisor", "first_name": "Supervisor", "last_name": str(n + 1)})[0] for n in range(4)]
    if not WithholdReleaseOrder.objects.exists():
        from cases.demo import seed_orders  # noqa: PLC0415 - the published orders, as the demo loads them

        seed_orders(supervisors[0])
    wros = list(WithholdReleaseOrder.objects.order_by("pk")[:30])
    findings = list(Finding.objects.order_by("pk")[:30])
    return World(orgs, users, producers, officers, supervisors, wros, findings)


class Generator:
    def __init__(self, *, seed: int, today: datetime.date, world: World):
        self.rng = random.Random(seed)
        self.today = today
        self.world = world
        self.ids = _Ids()
        self.key_id = settings.AUDIT_HMAC_CURRENT_KEY_ID
        self.tag = f"{seed:04d}"[-4:]

    # --- one batch -------------------------------------------------------------------------------

    def batch(self, first: int, count: int, detention_share: float) -> Batch:
        batch = Batch()
        for n in range(first, first + count):
            shipment = self._entry(batch, n)
            if self.rng.random() < detention_share:
                self._detention(batch, shipment)
        return batch

    def _entry(self, batch: Batch, n: int) -> Shipment:
        rng = self.rng
        importer = self.world.orgs[skewed(rng, len(self.world.orgs))]
        producer = self.world.producers[skewed(rng, len(self.world.producers))]
        imported = self.today - datetime.timedelta(days=1 + int(rng.triangular(0, 730, 0)))
        hts, description, country = GOODS[skewed(rng, len(GOODS))]
        line_count = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
        values = [Decimal(rng.randint(800, 90_000)) for _ in range(line_count)]
        shipment = batch.add(Shipment(
            pk=self.ids.take(Shipment), entry_number=f"S{self.tag[:2]}-{n % 10_000_000:07d}-{n % 10}",
            importer=importer, producer=producer, country_of_origin=country, hts_codes=[hts],
            description=f"{description}, {line_count} line(s)", quantity=Decimal(100 * line_count),
            quantity_unit="cartons", value=sum(values), currency="USD", port_code=rng.choice(PORTS),
            importation_date=imported, presentation_date=imported + datetime.timedelta(days=1),
        ))
        for number, value in enumerate(values, start=1):
            batch.add(EntryLine(
                pk=self.ids.take(EntryLine), shipment=shipment, line_number=number, hts_code=hts,
                description=description, country_of_origin=country, quantity=Decimal(100), quantity_unit="cartons",
                value=value, currency="USD", manufacturer_name=producer.name, manufacturer_address="",
            ))
        self._event(batch, actor=None, action="register_shipment", obj=shipment, when=imported,
                    after={"entry_number": shipment.entry_number, "lines": line_count})
        return shipment

    def _detention(self, batch: Batch, shipment: Shipment) -> None:
        rng = self.rng
        status = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
        open_case = status not in DECIDED
        presented = shipment.presentation_date
        if open_case and status != "deemed_excluded":
            # Open work is recent: its clocks are still running.
            presented = self.today - datetime.timedelta(days=rng.randint(1, 25))
            shipment.importation_date = presented - datetime.timedelta(days=1)
            shipment.presentation_date = presented
        elif status == "deemed_excluded":
            presented = self.today - datetime.timedelta(days=rng.randint(31, 120))
            shipment.importation_date, shipment.presentation_date = presented - datetime.timedelta(days=1), presented
        detained = min(presented + datetime.timedelta(days=rng.randint(1, 4)), self.today)
        usable = [b for b in BASES if (b != "wro" or self.world.wros) and (b != "finding" or self.world.findings)]
        basis = rng.choice(usable)
        orders = {"wro": rng.choice(self.world.wros) if basis == "wro" else None,
                  "finding": rng.choice(self.world.findings) if basis == "finding" else None}
        officer = rng.choice(self.world.officers) if rng.random() < 0.85 else None
        supervisor = rng.choice(self.world.supervisors)
        importer_user = self.world.importer_users[self.world.orgs.index(shipment.importer)]
        decided = None if open_case else min(detained + datetime.timedelta(days=rng.randint(8, 60)), self.today)
        shipment.release_status = "detained"
        detention = batch.add(Detention(
            pk=self.ids.take(Detention), shipment=shipment, basis=basis, status=status, assigned_officer=officer,
            port_code=shipment.port_code, presented_on=presented, detained_on=detained, decided_on=decided,
            **orders,
        ))
        noticed = min(detained + datetime.timedelta(days=rng.randint(0, 4)), self.today)
        if status != "detained":
            detention.notice_issued_on = noticed
        actor = officer or self.world.officers[0]
        self._event(batch, actor=actor, action="detain", obj=detention, when=detained, detention=detention,
                    after={"status": "detained", "basis": basis})
        self._clock(batch, None, DeadlineKind.DETENTION_DECISION, presented, closed_on=detained, shipment=shipment)
        self._clock(batch, detention, DeadlineKind.DETENTION_NOTICE, detained,
                    closed_on=None if status == "detained" else noticed)
        if status == "detained":
            return
        self._event(batch, actor=actor, action="issue_notice", obj=detention, when=noticed, detention=detention,
                    before={"status": "detained"}, after={"status": "notice_issued"})
        self._notify(batch, importer_user, detention, "notice_issued", f"Notice of detention: {shipment.entry_number}")
        answered = None if status in ("notice_issued", "deemed_excluded") else min(
            noticed + datetime.timedelta(days=rng.randint(3, 25)), self.today)
        start = presented if basis == "uflpa" else noticed if basis == "caatsa" else shipment.importation_date
        self._clock(batch, detention, RESPONSE_CLOCK[basis], start, closed_on=answered,
                    lapsed=status == "deemed_excluded")
        determination_closed = decided or (None if status != "deemed_excluded" else
                                           presented + datetime.timedelta(days=31))
        self._clock(batch, detention, DeadlineKind.ADMISSIBILITY_DETERMINATION, presented,
                    closed_on=determination_closed, lapsed=status == "deemed_excluded")
        if answered:
            submission = batch.add(AdmissibilitySubmission(
                pk=self.ids.take(AdmissibilitySubmission), detention=detention, organisation=shipment.importer,
                package=PACKAGES[basis], status="submitted" if status == "submission_received" else "reviewed",
                summary="Supply-chain tracing, audit reports and payroll records.", created_by=importer_user,
                submitted_by=importer_user, submitted_at=self._at(answered),
                receipt_number=f"SUB-{self.tag}-{detention.pk:09d}",
            ))
            self._event(batch, actor=importer_user, action="submit", obj=submission, when=answered,
                        detention=detention, after={"status": "submitted", "package": submission.package})
        if status == "awaiting_importer":
            sent = min(answered + datetime.timedelta(days=2), self.today)
            rfi = batch.add(RequestForInformation(
                pk=self.ids.take(RequestForInformation), detention=detention, sent_by=actor, sent_on=sent,
                due_date=sent + datetime.timedelta(days=30),
                questions="Provide the spinning mill's purchase records for the cotton in the yarn.",
            ))
            self._clock(batch, detention, DeadlineKind.RFI_RESPONSE, sent, rfi=rfi)
            self._event(batch, actor=actor, action="send_rfi", obj=rfi, when=sent, detention=detention,
                        after={"due_date": rfi.due_date.isoformat()})
        if status == "deemed_excluded":
            self._event(batch, actor=None, action="record_deemed_exclusion", obj=detention,
                        when=determination_closed, detention=detention, before={"status": "notice_issued"},
                        after={"status": "deemed_excluded"})
            self._clock(batch, detention, DeadlineKind.PROTEST_FILING, determination_closed)
        if not decided:
            return
        outcome = {"released": "release", "seized": "seize", "forfeited": "seize"}.get(status, "exclude")
        proposed = decided - datetime.timedelta(days=1)
        decision = batch.add(Decision(
            pk=self.ids.take(Decision), detention=detention, outcome=outcome, status="approved",
            reasons="The record shows the goods were (or were not) made with forced labor; see the review.",
            proposed_by=actor, proposed_at=self._at(proposed), reviewed_by=supervisor, reviewed_at=self._at(decided),
        ))
        self._event(batch, actor=actor, action="propose_decision", obj=decision, when=proposed, detention=detention,
                    after={"outcome": outcome})
        self._event(batch, actor=supervisor, action="approve_decision", obj=decision, when=decided,
                    detention=detention, before={"status": "under_review"}, after={"status": status})
        self._notify(batch, importer_user, detention, "decision", f"Decision on {shipment.entry_number}")
        shipment.release_status = "released" if outcome == "release" else "detained"
        if outcome == "exclude":
            self._clock(batch, detention, DeadlineKind.ABANDONMENT, decided,
                        closed_on=None if status == "excluded" else decided + datetime.timedelta(days=20))
            protested = status == "excluded" and rng.random() < 0.15
            filed = min(decided + datetime.timedelta(days=rng.randint(5, 60)), self.today)
            self._clock(batch, detention, DeadlineKind.PROTEST_FILING, decided, closed_on=filed if protested else None)
            if protested:
                protest = batch.add(Protest(
                    pk=self.ids.take(Protest), detention=detention, organisation=shipment.importer, filed_on=filed,
                    filed_by=importer_user, protestant_name=shipment.importer.name,
                    protestant_address=shipment.importer.address, importer_number=shipment.importer.importer_number,
                    entry_number=shipment.entry_number, entry_date=shipment.importation_date, decision_date=decided,
                    merchandise=shipment.description, objections="The goods were not made with forced labor.",
                ))
                self._event(batch, actor=importer_user, action="file_protest", obj=protest, when=filed,
                            detention=detention, after={"status": "filed"})
                answered_on = filed + datetime.timedelta(days=rng.randint(10, 28))
                if answered_on < self.today:
                    protest.status, protest.decided_on, protest.decided_by = "denied", answered_on, supervisor
                    protest.proposed_outcome, protest.proposed_by = "deny", actor
                    self._event(batch, actor=supervisor, action="deny_protest", obj=protest, when=answered_on,
                                detention=detention, before={"status": "filed"}, after={"status": "denied"})
                self._clock(batch, detention, DeadlineKind.PROTEST_DECISION, filed, protest=protest,
                            closed_on=protest.decided_on)

    # --- rows ------------------------------------------------------------------------------------

    def _at(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(15, self.rng.randint(0, 59)), tzinfo=datetime.UTC)

    def _clock(self, batch, detention, kind: DeadlineKind, starts_on, *, closed_on=None, lapsed=False,
               rfi=None, protest=None, shipment=None) -> None:
        rule = CLOCK_RULES[kind]
        if rule.unit.value == "calendar_months":
            due = starts_on + datetime.timedelta(days=30 * rule.length + rule.length // 2)
        elif rule.unit.value == "business_days":
            due = starts_on + datetime.timedelta(days=rule.length + 2 * ((rule.length + starts_on.weekday()) // 5))
        else:
            due = starts_on + datetime.timedelta(days=rule.length)
        if lapsed:
            state, closed = "lapsed", due + datetime.timedelta(days=1)
        elif closed_on is not None:
            state, closed = "met", max(closed_on, starts_on)
        elif due < self.today - datetime.timedelta(days=1) and rule.party.value == "importer":
            state, closed = "lapsed", due + datetime.timedelta(days=1)  # the importer let the window pass
        else:
            state, closed = "open", None
        escalated = due + datetime.timedelta(days=1) if state == "open" and due < self.today else None
        batch.add(Deadline(
            pk=self.ids.take(Deadline), kind=kind.value, party=rule.party.value, detention=detention,
            shipment=shipment, rfi=rfi,
            protest=protest, starts_on=starts_on, due_date=due, computed_due_date=due, citation=rule.citation,
            state=state, closed_on=closed, escalated_on=escalated,
        ))

    def _notify(self, batch, recipient, detention, kind, subject) -> None:
        batch.add(Notification(
            pk=self.ids.take(Notification), recipient=recipient, kind=kind, subject=subject,
            body=f"{subject}. Sign in to the portal to read it.", detention=detention, delivery_status="sent",
            idempotency_key=f"scale-{self.tag}-{detention.pk}-{kind}",
        ))

    def _event(self, batch, *, actor, action, obj, when, detention=None, before=None, after=None) -> None:
        event = AuditEvent(
            sequence=self.ids.take(AuditEvent), occurred_at=self._at(when), actor=actor,
            actor_label=actor.get_full_name() or actor.username if actor else "system", action=action,
            object_type=obj._meta.model_name, object_id=str(obj.pk), detention=detention,
            before=audit.normalise(before), after=audit.normalise(after), reason="", request_id="",
            outcome="success", key_id=self.key_id,
        )
        event.entry_mac = audit.entry_mac(event)
        batch.add(event)


ORDER = [Shipment, EntryLine, Detention, AdmissibilitySubmission, RequestForInformation, Decision, Protest,
         Deadline, Notification, AuditEvent]


def _seal_in_advance(events: list[AuditEvent]) -> None:
    """Link a batch's events into the chain before they are written (the sealer's own steps, under its lock
    on the chain head), so a million events are not written twice. Nothing else may write meanwhile;
    after a change of audit key the events are left to the sealer, which records the change first."""
    if not events:
        return
    head = audit._head(wait=True)
    if head.last_key_id and head.last_key_id != events[0].key_id:
        return
    if AuditEvent.objects.filter(hash__isnull=True).exists():
        return  # someone else's events wait for the sealer: ours follow them, sealed by it
    for event in events:
        audit._seal(event, head)
    head.save(update_fields=["last_position", "last_hash", "last_key_id"])


class AlreadyGenerated(Exception):
    pass


def generate(*, entries: int, detentions: int, seed: int = 1307, batch_size: int = 5000,
             today: datetime.date | None = None, progress: Callable[[int], None] | None = None) -> dict:
    """Write `entries` entries, about `detentions` of them detained; returns the rows written by table."""
    if detentions > entries:
        raise ValueError("There cannot be more detentions than entries.")
    world = reference_data(random.Random(seed))
    audit.seal_pending()  # the events written so far come first in the chain
    generator = Generator(seed=seed, today=today or timezone.localdate(), world=world)
    if Shipment.objects.filter(entry_number=f"S{generator.tag[:2]}-0000000-0").exists():
        raise AlreadyGenerated(f"A data set with seed {seed} is already here; give another --seed to add more.")
    share = detentions / entries if entries else 0
    written: dict[str, int] = {}
    for first in range(0, entries, batch_size):
        count = min(batch_size, entries - first)
        batch = generator.batch(first, count, share)
        with transaction.atomic():
            _seal_in_advance(batch.rows.get(AuditEvent, []))
            for model in ORDER:
                _write(model, batch.rows.get(model, []))
                written[model.__name__] = written.get(model.__name__, 0) + len(batch.rows.get(model, []))
            sync_next_clock([d.pk for d in batch.rows.get(Detention, [])])
        if progress:
            progress(count)
    _reset_sequences(ORDER)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return written
