"""Help for everyone, signed in or not: the glossary of the terms on notices and pages (cases/glossary.py)."""

from django.shortcuts import render

from cases.glossary import TERMS


def glossary(request):
    return render(request, "glossary.html", {"terms": TERMS})
