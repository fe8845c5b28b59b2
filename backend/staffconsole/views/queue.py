"""The queue of follow-up requests, and the hospital's correction requests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from staffconsole.corrections import hospital_corrections
from staffconsole.forms import QueueFilterForm
from staffconsole.pages import console_page, page
from staffconsole.selectors import QueueFilter, doctors_of, queue
from staffconsole.session import Console


@require_GET
@console_page
def requests_queue(request: HttpRequest, console: Console) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, doctors=doctors_of(console))
    wanted = QueueFilter(**form.cleaned_data) if form.is_valid() else QueueFilter()
    rows = queue(console, wanted)
    context = {"form": form, "rows": rows, "filtered": wanted != QueueFilter(), "tab": "queue"}
    return page(request, "staffconsole/queue.html", context, console=console)


@require_GET
@console_page
def corrections(request: HttpRequest, console: Console) -> HttpResponse:
    rows = hospital_corrections(console)
    return page(
        request,
        "staffconsole/corrections.html",
        {"rows": rows, "tab": "corrections"},
        console=console,
    )
