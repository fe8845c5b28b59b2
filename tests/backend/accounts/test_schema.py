"""The OpenAPI schema describes the accounts endpoints and the Bearer token."""

from __future__ import annotations


def test_the_schema_lists_the_accounts_endpoints_with_their_bodies(api, db):
    response = api().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/me/agreements"]:
        assert path in paths
    login = paths["/api/v1/auth/login"]["post"]
    assert login["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoginInput"
    }
    assert schema["components"]["securitySchemes"]["sessionJWT"]["scheme"] == "bearer"
    assert {"sessionJWT": []} in paths["/api/v1/me"]["get"]["security"]
