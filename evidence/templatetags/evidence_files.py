"""Template tags for case pages, which list evidence without the cases app importing it.

    {% load evidence_files %}
    {% evidence_panel detention %}                       files of one case object, with the upload link
    {% evidence_custody_events detention as events %}    custody events of a detention's files, for the timeline
    {% agency_letters detention as letters %}            the letters the agency issued on it (PDF notices)
"""

from django import template
from django.db.models import Q
from django.urls import reverse

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
        "upload_url": reverse("evidence:upload", args=[target_type, target.pk])
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
