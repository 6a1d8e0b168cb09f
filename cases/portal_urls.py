"""The importer portal, included at /portal/ (namespace "portal")."""

from django.urls import path

from cases.views import after_decision_pages
from cases.views.portal import detentions, organisation, protests, submissions

app_name = "portal"

urlpatterns = [
    path("", detentions.home, name="home"),
    path("detentions/<int:detention_pk>/", detentions.detention, name="detention"),
    path("detentions/<int:detention_pk>/submission/", submissions.edit, name="submission_edit"),
    path("detentions/<int:detention_pk>/notice/", detentions.notice, name="notice"),
    path("detentions/<int:detention_pk>/export/", detentions.elect_export, name="elect_export"),
    path("detentions/<int:detention_pk>/protest/", detentions.file_protest, name="protest"),
    path("protests/<int:protest_pk>/", protests.detail, name="protest_detail"),
    path("protests/<int:protest_pk>/amend/", protests.amend, name="protest_amend"),
    path("protests/<int:protest_pk>/withdraw/", protests.withdraw, name="protest_withdraw"),
    path("protests/<int:protest_pk>/further-review/", protests.further_review, name="protest_further_review"),
    path("protests/<int:protest_pk>/accelerated/", protests.accelerated, name="protest_accelerated"),
    path("submissions/<int:submission_pk>/", submissions.detail, name="submission"),
    path("submissions/<int:submission_pk>/review/", submissions.review, name="submission_review"),
    path("submissions/<int:submission_pk>/submit/", submissions.submit, name="submission_submit"),
    path("submissions/<int:submission_pk>/withdraw/", submissions.withdraw, name="submission_withdraw"),
    path("rfis/<int:rfi_pk>/", detentions.rfi, name="rfi"),
    path("after-decision/<str:kind>/<int:pk>/<str:action>/", after_decision_pages.portal_act,
         name="after_decision_act"),
    path("notifications/", organisation.inbox, name="inbox"),
    path("notifications/<int:notification_pk>/read/", organisation.mark_read, name="notification_read"),
    path("notifications/read-all/", organisation.mark_all_read, name="notifications_read_all"),
    path("organisation/", organisation.organisation, name="organisation"),
    path("organisation/invite/", organisation.invite, name="invite"),
    path("organisation/users/<int:user_pk>/disable/", organisation.disable, name="disable_user"),
]
