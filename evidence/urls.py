from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("upload/<slug:target_type>/<int:pk>/", views.upload, name="upload"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/download/", views.download, name="download"),
    path("files/<int:pk>/view/", views.download, {"inline": True}, name="view"),
    path("files/<int:pk>/seal/", views.seal, name="seal"),
    path("files/<int:pk>/unseal/", views.unseal, name="unseal"),
    path("files/<int:pk>/share/", views.share, name="share"),
    path("files/<int:pk>/rescan/", views.rescan, name="rescan"),
]
