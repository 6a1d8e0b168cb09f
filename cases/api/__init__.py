"""The REST API under /api/v1/: a thin layer over cases.services (writes) and cases.queries (reads)."""
