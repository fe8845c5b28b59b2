from django.urls import path

from viewer.views import viewer_asset, viewer_page

urlpatterns = [
    path("", viewer_page, name="viewer"),
    path("assets/<str:digest>/<path:name>", viewer_asset, name="viewer-asset"),
]
