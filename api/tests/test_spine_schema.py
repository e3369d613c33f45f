from django.core.management import call_command


def test_schema_documents_the_spine_without_warnings(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/dossiers/{code}/",
        "/api/v1/dossiers/{code}/submit/",
        "/api/v1/dossiers/{code}/commune-review/",
        "/api/v1/dossiers/{code}/receive/",
        "/api/v1/dossiers/{code}/return/",
        "/api/v1/dossiers/{code}/self-assessment/",
        "/api/v1/rounds/{code}/",
        "/api/v1/evaluations/{code}/sheet/",
        "/api/v1/certificates/{number}/",
        "/api/v1/stamp-batches/{code}/csv/",
        "/api/v1/stamps/{serial}/",
    ):
        assert f"  {path}:" in schema
    assert "name: ordering" in schema
