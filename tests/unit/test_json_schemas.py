import json

from dmap.cli import SCHEMA_DIR
from schemas.catalog import json_schemas


def test_exported_json_schemas_are_current() -> None:
    """Fails when a model changed without `dmap schemas export` being run."""
    expected = json_schemas()
    on_disk = {p.name.removesuffix(".schema.json"): p for p in SCHEMA_DIR.glob("*.schema.json")}
    assert set(on_disk) == set(expected), "run `dmap schemas export`"
    for name, doc in expected.items():
        assert json.loads(on_disk[name].read_text(encoding="utf-8")) == doc, (
            f"{name} is stale: run `dmap schemas export`"
        )


def test_consultation_schema_lists_the_vocabulary() -> None:
    schema = json_schemas()["consultation-recorded.v1"]
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    assert len(defs["MunicipalityCode"]["enum"]) == 38
    assert "fading_interest" in defs["IssueCategory"]["enum"]


def test_exported_openapi_documents_are_current() -> None:
    """Fails when an HTTP API changed without `dmap openapi export` being run."""
    from dmap.cli import OPENAPI_DIR, openapi_documents

    for name, text in openapi_documents().items():
        assert (OPENAPI_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `dmap openapi export`"
        )
