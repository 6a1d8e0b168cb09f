"""Industry of a shipment, derived from its first HTSUS code by the mapping administrators keep.

The rule (docs/statistics.md): a row for the code's 4-digit heading wins; else the row for its 2-digit
chapter; else Other. It lives here once, as a Python function for one code and as the equivalent SQL
expression for aggregation, so that when entries gain lines only the code path changes.
"""

from django.db.models import Case, CharField, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Substr

from cases.statistics.models import Industry, IndustryMapping


def current_mapping() -> dict[str, str]:
    """HTS prefix (2 or 4 digits) -> industry key."""
    return dict(IndustryMapping.objects.values_list("hts_prefix", "industry"))


def industry_for_code(hts_code: str, mapping: dict[str, str]) -> str:
    """The industry key of one HTSUS code ("NNNN.NN.NNNN")."""
    digits = (hts_code or "").replace(".", "")
    return mapping.get(digits[:4]) or mapping.get(digits[:2]) or Industry.OTHER


def industry_for_shipment(shipment, mapping: dict[str, str]) -> str:
    """A shipment counts under the industry of its first HTSUS code."""
    codes = shipment.hts_codes or []
    return industry_for_code(codes[0], mapping) if codes else Industry.OTHER


def annotate_industry(queryset, hts_codes_path: str, mapping: dict[str, str], name: str = "industry"):
    """Annotate `name` with the industry key of the first code of the JSON list at `hts_codes_path`.

    Codes are stored as "NNNN.NN.NNNN", so the heading is the first four characters and the chapter
    the first two.
    """
    first = KeyTextTransform("0", hts_codes_path)
    queryset = queryset.annotate(_hts_heading=Substr(first, 1, 4), _hts_chapter=Substr(first, 1, 2))
    headings: dict[str, list[str]] = {}
    chapters: dict[str, list[str]] = {}
    for prefix, industry in mapping.items():
        (headings if len(prefix) == 4 else chapters).setdefault(industry, []).append(prefix)
    whens = [When(_hts_heading__in=sorted(codes), then=Value(industry)) for industry, codes in sorted(headings.items())]
    whens += [When(_hts_chapter__in=sorted(codes), then=Value(industry))
              for industry, codes in sorted(chapters.items())]
    if not whens:
        return queryset.annotate(**{name: Value(Industry.OTHER, output_field=CharField())})
    return queryset.annotate(**{name: Case(*whens, default=Value(Industry.OTHER), output_field=CharField())})
