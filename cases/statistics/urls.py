"""Pages of the statistics: /statistics/ (agency staff) and /public/statistics/ (anyone)."""

from django.urls import path

from cases.statistics import views

staff_urlpatterns = [
    path("", views.staff_statistics, name="statistics"),
    path("download/<slug:name>.<str:fmt>", views.staff_download, name="statistics-download"),
]
public_urlpatterns = [
    path("", views.public_statistics, name="public-statistics"),
    path("download/<slug:name>.<str:fmt>", views.public_download, name="public-statistics-download"),
]
