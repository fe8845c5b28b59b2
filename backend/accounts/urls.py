"""Accounts endpoints, included under /api/v1/ by config.urls."""

from __future__ import annotations

from django.urls import path

from accounts.apis import agreements, auth, me

urlpatterns = [
    path("auth/register", auth.RegisterApi.as_view(), name="auth-register"),
    path("auth/verify-email", auth.VerifyEmailApi.as_view(), name="auth-verify-email"),
    path(
        "auth/verify-email/resend",
        auth.VerifyEmailResendApi.as_view(),
        name="auth-verify-email-resend",
    ),
    path("auth/login", auth.LoginApi.as_view(), name="auth-login"),
    path("auth/refresh", auth.RefreshApi.as_view(), name="auth-refresh"),
    path("auth/logout", auth.LogoutApi.as_view(), name="auth-logout"),
    path("auth/password/change", auth.PasswordChangeApi.as_view(), name="auth-password-change"),
    path("auth/password/reset", auth.PasswordResetApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm",
        auth.PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("agreements", agreements.AgreementTextsApi.as_view(), name="agreement-texts"),
    path("me", me.MeApi.as_view(), name="me"),
    path("me/agreements", agreements.MyAgreementsApi.as_view(), name="me-agreements"),
    path("me/sessions", me.SessionsApi.as_view(), name="me-sessions"),
    path("me/sessions/<uuid:session_id>", me.SessionDetailApi.as_view(), name="me-session"),
    path("staff/me", me.StaffMeApi.as_view(), name="staff-me"),
]
