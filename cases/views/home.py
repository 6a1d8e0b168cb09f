"""Where signing in leads: each role to its own workspace."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from cases import queries


@login_required
def home(request):
    user = request.user
    if user.is_supervisor:
        return redirect("supervisor")
    if user.is_agency_staff:
        return redirect("queue")
    try:
        return redirect(reverse("portal:home"))
    except NoReverseMatch:
        # Until the importer portal is mounted, importers see their organisation's detentions here.
        detentions = queries.visible_detentions(user).order_by("detained_on")[:50]
        return render(request, "home.html", {"detentions": detentions})
