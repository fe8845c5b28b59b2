"""One request: its page, its buttons, its photos."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from common.exceptions import Conflict, NotFound, ValidationFailed
from consultations.apis.base import file_response
from consultations.selectors import reads
from consultations.services.files import Upload
from staffconsole.actions import ACTIONS
from staffconsole.forms import ActionForm, Options
from staffconsole.pages import console_page, page, see_other
from staffconsole.selectors import consultation_here, doctors_of, request_page
from staffconsole.session import Console


def _render(
    request: HttpRequest,
    console: Console,
    consultation_id: str,
    *,
    bound: tuple[str, ActionForm] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = request_page(console, consultation_id)
    options = Options(doctors=context["doctors"], patient_zone=context["patient_zone"])
    forms = {name: action.form(options=options) for name, action in ACTIONS.items()}
    if bound is not None:
        forms[bound[0]] = bound[1]
    context.update(forms=forms, error=error, failed=bound[0] if bound else "")
    return page(request, "staffconsole/request.html", context, console=console, status=status)


@require_GET
@console_page
def request_detail(request: HttpRequest, console: Console, consultation_id: str) -> HttpResponse:
    return _render(request, console, consultation_id)


def _uploads(request: HttpRequest) -> list[Upload]:
    return [
        Upload(content_type=f.content_type or "", data=f.read())
        for f in request.FILES.getlist("files")
    ]


@require_POST
@console_page
def request_action(
    request: HttpRequest, console: Console, consultation_id: str, action: str
) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound()
    row = consultation_here(console, consultation_id, action)
    options = Options(doctors=doctors_of(console), patient_zone=row.patient_time_zone)
    form = ACTIONS[action].form(request.POST, options=options)
    if not form.is_valid():
        return _render(request, console, consultation_id, bound=(action, form), status=400)
    try:
        ACTIONS[action].run(console, consultation_id, form.cleaned_data, _uploads(request))
    except (ValidationFailed, Conflict) as refused:
        for field, problems in refused.fields.items():
            form.add_error(field if field in form.fields else None, problems)
        error = "" if refused.fields else refused.message
        return _render(
            request,
            console,
            consultation_id,
            bound=(action, form),
            error=error,
            status=refused.status,
        )
    messages.success(request, str(ACTIONS[action].done))
    return see_other(f"/staff/consultations/{consultation_id}")


@require_GET
@console_page
def request_file(
    request: HttpRequest, console: Console, consultation_id: str, attachment_id: str
) -> HttpResponse:
    consultation_here(console, consultation_id, "attachment.read")
    content_type, data = reads.staff_attachment(
        user=console.user, consultation_id=consultation_id, attachment_id=attachment_id
    )
    return file_response(content_type, data)
