"""Consultation URLs: the patient API, the staff API (both under /api/v1/) and the portal."""

from django.urls import path

from consultations.apis import patient, staff
from consultations.portal import views as portal

_ID = "<str:consultation_id>"

api_urlpatterns = [
    path("me/consultations", patient.ConsultationsApi.as_view(), name="consultations"),
    path(
        "me/consultations/options",
        patient.ConsultationOptionsApi.as_view(),
        name="consultation-options",
    ),
    path(f"me/consultations/{_ID}", patient.ConsultationDetailApi.as_view(), name="consultation"),
    path(
        f"me/consultations/{_ID}/messages",
        patient.ConsultationMessagesApi.as_view(),
        name="consultation-messages",
    ),
    path(
        f"me/consultations/{_ID}/information",
        patient.ConsultationInfoApi.as_view(),
        name="consultation-information",
    ),
    path(
        f"me/consultations/{_ID}/cancel",
        patient.ConsultationCancelApi.as_view(),
        name="consultation-cancel",
    ),
    path(
        f"me/consultations/{_ID}/appointment/accept",
        patient.ConsultationBookApi.as_view(),
        name="consultation-book",
    ),
    path(
        f"me/consultations/{_ID}/home-doctor/invitation",
        patient.ConsultationInvitationApi.as_view(),
        name="consultation-invitation",
    ),
    path(
        f"me/consultations/{_ID}/files/<str:attachment_id>",
        patient.ConsultationAttachmentApi.as_view(),
        name="consultation-file",
    ),
]

_STAFF = f"staff/consultations/{_ID}"

staff_urlpatterns = [
    path("staff/consultations", staff.StaffConsultationsApi.as_view(), name="staff-consultations"),
    path(_STAFF, staff.StaffConsultationDetailApi.as_view(), name="staff-consultation"),
    path(f"{_STAFF}/accept", staff.StaffAcceptApi.as_view(), name="staff-consultation-accept"),
    path(f"{_STAFF}/decline", staff.StaffDeclineApi.as_view(), name="staff-consultation-decline"),
    path(
        f"{_STAFF}/request-information",
        staff.StaffInfoRequestApi.as_view(),
        name="staff-consultation-ask-info",
    ),
    path(
        f"{_STAFF}/appointment", staff.StaffProposeApi.as_view(), name="staff-consultation-propose"
    ),
    path(f"{_STAFF}/answer", staff.StaffAnswerApi.as_view(), name="staff-consultation-answer"),
    path(f"{_STAFF}/close", staff.StaffCloseApi.as_view(), name="staff-consultation-close"),
    path(
        f"{_STAFF}/messages", staff.StaffMessagesApi.as_view(), name="staff-consultation-messages"
    ),
    path(f"{_STAFF}/licence", staff.StaffLicenceApi.as_view(), name="staff-consultation-licence"),
    path(f"{_STAFF}/records", staff.StaffRecordsApi.as_view(), name="staff-consultation-records"),
    path(
        f"{_STAFF}/files/<str:attachment_id>",
        staff.StaffAttachmentApi.as_view(),
        name="staff-consultation-file",
    ),
]

portal_urlpatterns = [
    path("<str:token>/", portal.home, name="consult-home"),
    path("<str:token>/passcode", portal.passcode, name="consult-passcode"),
    path("<str:token>/licence", portal.licence, name="consult-licence"),
    path("<str:token>/messages", portal.message, name="consult-message"),
    path("<str:token>/sign-out", portal.sign_out, name="consult-sign-out"),
    path("<str:token>/files/<str:attachment_id>", portal.attachment, name="consult-file"),
]
