"""Deployment checks: production must scan uploads and must not write evidence where it is served."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def scanner_enabled(app_configs, **kwargs):
    if settings.EVIDENCE_SCANNER == "none":
        return [Error(
            "EVIDENCE_SCANNER is 'none': uploaded files would be marked clean without a malware scan.",
            hint="Set EVIDENCE_SCANNER=clamav and CLAMD_SOCKET to clamd's socket.",
            id="evidence.E001",
        )]
    return []


@register(Tags.security)
def evidence_root_not_served(app_configs, **kwargs):
    root = settings.EVIDENCE_ROOT.resolve()
    served = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, getattr(settings, "MEDIA_ROOT", "") or None]
    for directory in filter(None, served):
        directory = type(root)(directory).resolve()
        if root == directory or directory in root.parents or root in directory.parents:
            return [Error(
                f"EVIDENCE_ROOT ({root}) overlaps {directory}, which is served to browsers.",
                hint="Keep evidence outside static and media directories; only evidence.views serves it.",
                id="evidence.E002",
            )]
    return []
