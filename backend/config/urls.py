from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from common.health import healthz
from consent.urls import api_urlpatterns as consent_api
from consent.urls import fhir_urlpatterns as consent_fhir
from consultations.urls import api_urlpatterns as consultations_api
from consultations.urls import portal_urlpatterns as consultations_portal
from consultations.urls import staff_urlpatterns as consultations_staff
from corrections.urls import api_urlpatterns as corrections_api
from corrections.urls import fhir_urlpatterns as corrections_fhir
from hospitals.urls import api_urlpatterns as hospital_api
from hospitals.urls import fhir_urlpatterns as hospital_fhir
from hospitals.urls import smart_urlpatterns
from sharing.urls import api_urlpatterns as sharing_api
from sharing.urls import shl_urlpatterns

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="schema", permission_classes=[]),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accounts.urls")),
    path("", include(smart_urlpatterns)),
    path("fhir/R4/", include(hospital_fhir)),
    path("api/v1/", include(hospital_api)),
    path("api/v1/", include("notifications.urls")),
    path("", include("records.urls")),
    path("api/v1/", include(consent_api)),
    path("fhir/R4/", include(consent_fhir)),
    path("api/v1/", include(consultations_api)),
    path("api/v1/", include(consultations_staff)),
    path("consult/", include(consultations_portal)),
    path("api/v1/", include(sharing_api)),
    path("shl/", include(shl_urlpatterns)),
    path("viewer/", include("viewer.urls")),
    path("api/v1/", include("exports.urls")),
    path("api/v1/", include(corrections_api)),
    path("fhir/R4/", include(corrections_fhir)),
    path("staff/", include("staffconsole.urls")),
]

handler400 = "common.errors.handler400"
handler403 = "common.errors.handler403"
handler404 = "common.errors.handler404"
handler500 = "common.errors.handler500"
