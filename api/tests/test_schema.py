import re

from django.core.management import call_command


def test_schema_is_valid_and_without_warnings(tmp_path, db):
    # The same check as `manage.py spectacular --validate --fail-on-warn`: it raises on any warning.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/areas/{era}/{level}/{code}/",
        "/api/v1/criteria-sets/{number}/",
        "/api/v1/producers/{code}/verify/",
        "/api/v1/products/{code}/",
        "/api/v1/me/",
    ):
        assert f"  {path}:" in schema


def test_schema_is_served_to_anyone(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "OCOP API"


def test_swagger_ui_uses_vendored_files_and_no_inline_code(client, db):
    page = client.get("/api/docs/").content.decode()
    script = client.get("/api/docs/?script=")

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert not re.search(r"https?://", page)
    assert not re.search(r"<script>|<style", page)
    assert script.status_code == 200
    assert script["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in script.content.decode()


def test_redoc_uses_vendored_files_and_no_inline_code(client, db):
    response = client.get("/api/redoc/")
    page = response.content.decode()

    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in page
    assert not re.search(r"https?://", page)
    assert not re.search(r"<script>|<style", page)
    # Redoc's own run-time styles are the one exception to the site's CSP.
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
