"""HTML to PDF with WeasyPrint (Pango through Debian's libpango): no browser, no network.

The templates are self-contained: the style sheet is inline and nothing is fetched, so a URL fetcher
that refuses everything guarantees a document never reaches out while it renders.
"""

from django.template.loader import render_to_string


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"Documents load nothing from outside: {url}")


def render_html(kind: str, context: dict) -> str:
    return render_to_string(f"documents/{kind}.html", context)


def render_pdf(kind: str, context: dict) -> bytes:
    # Imported on first use: loading WeasyPrint (Pango, fontTools, Pillow) takes 1-2 s, which every
    # process (web, worker, beat, each manage.py command) would otherwise pay at start-up, rendering or not.
    from weasyprint import HTML  # noqa: PLC0415

    return HTML(string=render_html(kind, context), url_fetcher=_refuse_fetch).write_pdf()
