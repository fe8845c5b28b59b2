"""/staff/: the console's pages (config.urls includes these under that prefix)."""

from django.urls import path

from staffconsole.views import auth, files, queue, requests

app_name = "staffconsole"
_ID = "consultations/<str:consultation_id>"  # the path the staff emails link to

urlpatterns = [
    path("", queue.requests_queue, name="queue"),
    path("corrections", queue.corrections, name="corrections"),
    path("sign-in", auth.sign_in, name="sign-in"),
    path("sign-out", auth.sign_out, name="sign-out"),
    path("session/keep-alive", auth.keep_alive, name="keep-alive"),
    path(_ID, requests.request_detail, name="request"),
    path(f"{_ID}/files/<str:attachment_id>", requests.request_file, name="request-file"),
    path(f"{_ID}/<str:action>", requests.request_action, name="request-action"),
    path("assets/<str:digest>/<str:name>", files.asset, name="asset"),
]
