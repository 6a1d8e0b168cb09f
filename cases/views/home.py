from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cases import queries


@login_required
def home(request):
    detentions = queries.visible_detentions(request.user).order_by("detained_on")[:50]
    return render(request, "home.html", {"detentions": detentions})
