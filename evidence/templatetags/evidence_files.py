"""Template tags for case pages, which list evidence without the cases app importing it.

    {% load evidence_files %}
    {% evidence_panel detention %}                       files of one case object, with the upload link
    {% evidence_custody_events detention as events %}    custody events of a detention's files, for the timeline
    {% agency_letters detention as letters %}            the letters the agency issued on it (PDF notices)
"""

from django import template
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from cases.models import Detention, Role
from evidence import queries, services
from evidence.models import Category, CustodyEvent

register = template.Library()


@register.inclusion_tag("evidence/_panel.html", takes_context=True)
def evidence_panel(context, target, heading="Files"):
    user = context["request"].user
    target_type = queries.target_type_of(target)
    return {
        "files": list(queries.files_of(user, target)),
        "heading": heading,
        # The upload page returns to the page the panel is on.
        "upload_url": reverse("evidence:upload", args=[target_type, target.pk])
        + "?" + urlencode({"next": context["request"].get_full_path()})
        if services.may_add(user, target) else "",
        "target_type": target_type,
        "target_pk": target.pk,
        # Importers see the agency as "the port", never which officer (the portal names no officer).
        "viewer_is_importer": getattr(user, "role", None) == Role.IMPORTER,
    }


@register.simple_tag(takes_context=True)
def evidence_custody_events(context, detention: Detention):
    """Custody events of the files on a detention, its submissions and its RFIs that the viewer may see."""
    user = context["request"].user
    files = queries.visible_evidence_files(user).filter(
        Q(detention=detention) | Q(submission__detention=detention) | Q(rfi__detention=detention)
    )
    events = CustodyEvent.objects.filter(file__in=files).select_related("file").order_by("at", "id")
    return list(queries.visible_custody(user, events))


@register.simple_tag(takes_context=True)
def agency_letters(context, detention: Detention, kind: str = ""):
    """The letters the agency issued on a case (cases.documents) that the viewer may see, newest first;
    `kind` (a cases.documents.DocumentKind) narrows to one kind, named by its file name."""
    letters = queries.files_of(context["request"].user, detention).filter(category=Category.NOTICE)
    if kind:
        letters = letters.filter(original_filename__startswith=kind.replace("_", "-") + "-")
    return list(letters)


@register.inclusion_tag("evidence/_file_list.html", takes_context=True)
def evidence_file_list(context, target, empty="No files."):
    """A compact list of one case object's files (for the record panels): name, kind, shared or sealed, scan."""
    user = context["request"].user
    return {"files": list(queries.files_of(user, target)), "empty": empty,
            "viewer_is_staff": queries.is_agency_staff(user)}


@register.simple_tag(takes_context=True)
def case_file_counts(context, detentions) -> dict:
    """Files the viewer may see per detention (on the case, its packages and its RFIs), in one query:
    {detention id: count}. For list pages that summarise each case's record."""
    ids = [d.pk for d in detentions]
    counts = dict.fromkeys(ids, 0)
    files = queries.visible_evidence_files(context["request"].user).filter(
        Q(detention_id__in=ids) | Q(submission__detention_id__in=ids) | Q(rfi__detention_id__in=ids)
    ).values_list("detention_id", "submission__detention_id", "rfi__detention_id")
    for row in files:
        owner = next(pk for pk in row if pk is not None)
        counts[owner] = counts.get(owner, 0) + 1
    return counts


@register.simple_tag(takes_context=True)
def case_page_of(context, evidence_file) -> str:
    """The page of the case object a file belongs to, on the viewer's side (workspace or portal); '' if none."""
    staff = queries.is_agency_staff(context["request"].user)
    kind, target = evidence_file.target_type, evidence_file.target
    if staff:
        pages = {
            "detention": lambda: reverse("detention", args=[target.pk]),
            "submission": lambda: reverse("submission", args=[target.pk]),
            "rfi": lambda: reverse("detention", args=[target.detention_id]) + f"#rfi-{target.pk}",
            "investigation": lambda: reverse("investigation", args=[target.pk]),
            "wro": lambda: reverse("order", args=["wro", target.pk]),
            "finding": lambda: reverse("order", args=["finding", target.pk]),
            "annual_report": lambda: reverse("annual-report"),
        }
    else:
        pages = {
            "detention": lambda: reverse("portal:detention", kwargs={"detention_pk": target.pk}),
            "submission": lambda: reverse("portal:submission", kwargs={"submission_pk": target.pk}),
            "rfi": lambda: reverse("portal:rfi", kwargs={"rfi_pk": target.pk}),
        }
    page = pages.get(kind)
    return page() if page else ""


@register.simple_tag
def lookup(mapping: dict, key, default=0):
    """mapping[key] in a template ({% lookup file_counts d.pk as n %})."""
    return mapping.get(key, default)
