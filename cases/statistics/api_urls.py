from django.urls import path

from cases.statistics import api

urlpatterns = [
    path("", api.StatisticsView.as_view(), name="api-statistics"),
    path("public/", api.PublicStatisticsView.as_view(), name="api-statistics-public"),
]
