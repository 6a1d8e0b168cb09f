"""Demo data for screening: the shipped lists and a demo CAATSA entry, loaded by ``seed_demo`` before the
demo entries (cases/demo_entries.py) arrive through the intake and are screened."""

from cases.screening import engine
from cases.screening.list_services import confirm_list_version, ensure_lists, load_shipped_lists, stage_list_version

# A demo-only entry for the administrators' CAATSA list: an invented name, not a finding of fact.
DEMO_CAATSA = (b"name,aliases,country,address,list_section,added_on,source\n"
               b"Dandong Demo Seafood Processing Co.,Dandong Demo Aquatic,China,\"Dandong, Liaoning\","
               b"CAATSA 321(b),2024-01-15,Demo data only\n")


def seed_screening_lists(people: dict) -> None:
    """Load the shipped lists and the demo CAATSA entry (idempotent: a list already loaded is kept)."""
    load_shipped_lists(actor=people["admin"])
    caatsa = ensure_lists()[engine.CAATSA_ENTITIES]
    if caatsa.version == 0:
        confirm_list_version(actor=people["admin"], version=stage_list_version(
            actor=people["admin"], reference_list=caatsa, file_name="caatsa-demo.csv", content=DEMO_CAATSA))
