"""The provenance model and the x-doc rule (contracts.sources, contracts.spec_rules)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts import spec_rules
from contracts.sources import (
    Decision,
    Quote,
    check_specs,
    fact_doc,
    iter_facts,
    normalize,
    page_sha256,
    parse_doc,
    provenance_problems,
    read_sources,
)
from contracts.sources import main as sources_main

PAGE = "page"
Q = {"source": PAGE, "quote": "default 16:9"}
DECIDED = {"decision": "no page says it; a sanity bound"}


def base_spec() -> dict[str, Any]:
    """A small, fully annotated spec: every fact has an x-doc."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "T",
            "version": "1",
            "x-sources": [
                {
                    "id": PAGE,
                    "url": "https://docs.example.test/create",
                    "language": "en",
                    "read": "2026-11",
                    "capture": "example.create.txt",
                    "sha256": "0" * 64,
                },
                {
                    "id": "errors",
                    "url": "https://docs.example.test/errors",
                    "language": "pl",
                    "read": "2026-11-02",
                },
            ],
        },
        "x-rate-limit": {"requests": 10, "per_seconds": 1, "x-doc": Q},
        "paths": {
            "/tasks": {
                "post": {
                    "operationId": "create_task",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/CreateTaskRequest"}
                            }
                        }
                    },
                    "responses": {
                        "200": {"description": "ok", "x-doc": Q},
                        "400": {"$ref": "#/components/responses/BadRequest"},
                    },
                    "callbacks": {
                        "done": {"{$request.body#/callback}": {"x-doc": DECIDED, "post": {}}}
                    },
                },
            },
            "/tasks/{id}": {
                "get": {
                    "operationId": "get_task",
                    "x-polling-seconds": 10,
                    "x-doc": DECIDED,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["a", "b"]},
                            "x-doc": Q,
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "x-doc": [Q, {"source": "errors", "quote": "200 OK"}],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/TaskStatus"},
                                    "example": {"enum": ["not", "a", "schema"]},
                                }
                            },
                        },
                    },
                }
            },
        },
        "components": {
            "responses": {"BadRequest": {"description": "bad", "x-doc": Q}},
            "schemas": {
                "CreateTaskRequest": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/TextRequest"},
                        {"type": "object", "x-doc": DECIDED, "properties": {}},
                    ]
                },
                "TextRequest": {
                    "type": "object",
                    "x-doc": Q,
                    "if": {"properties": {"mode": {"const": "x"}}},
                    "then": {"required": ["callback"]},
                    "dependentRequired": {"a": ["b"]},
                    "properties": {
                        "prompt": {"type": "string", "maxLength": 10, "x-doc": Q},
                        "ratio": {"$ref": "#/components/schemas/Ratio"},
                        "mode": {
                            "oneOf": [{"type": "string", "enum": ["x", "y"]}, {"type": "null"}],
                            "x-doc": [Q, DECIDED],
                        },
                        "extra": {"$ref": "#/components/schemas/Extra", "x-doc": DECIDED},
                    },
                },
                "Extra": {"type": "object", "properties": {"note": {"type": "string", "x-doc": Q}}},
                "Ratio": {"type": "string", "enum": ["16:9", "9:16"], "x-doc": Q},
                "TaskStatus": {"type": "string", "enum": ["queued", "done"], "x-doc": Q},
            },
        },
    }


def pointers(spec: dict[str, Any]) -> dict[str, str]:
    return {fact.pointer: fact.kind for fact in iter_facts(spec)}


def problems(spec: dict[str, Any]) -> list[str]:
    return [f"{at}: {what}" for at, what in provenance_problems(spec)]


def test_normalize_folds_markup_case_and_space() -> None:
    assert normalize("**Default**:\u00a0`\u201c9:16\u201d`\n\n| x |") == "default : 9:16 x"
    assert normalize("\uff11\uff10 SECONDS") == "10 seconds"  # NFKC full-width digits
    assert page_sha256("A  b") == page_sha256("a\nb")
    assert page_sha256("a b") != page_sha256("a c")


def test_the_walker_finds_every_kind_of_fact() -> None:
    found = pointers(base_spec())
    assert found == {
        "/components/schemas/CreateTaskRequest/oneOf/0": "oneOf",
        "/components/schemas/CreateTaskRequest/oneOf/1": "oneOf",
        "/components/schemas/TextRequest": "if",
        "/components/schemas/TextRequest/properties/prompt": "property",
        "/components/schemas/TextRequest/properties/ratio": "property",
        "/components/schemas/TextRequest/properties/mode": "property",
        "/components/schemas/TextRequest/properties/extra": "property",
        "/components/schemas/Extra/properties/note": "property",
        "/paths/~1tasks/post/responses/200": "response",
        "/paths/~1tasks/post/responses/400": "response",
        "/paths/~1tasks/post/callbacks/done/{$request.body#~1callback}": "callback",
        "/paths/~1tasks~1{id}/get/parameters/0": "parameter",
        "/paths/~1tasks~1{id}/get/responses/200": "response",
        "/components/schemas/Ratio": "enum",
        "/components/schemas/TaskStatus": "enum",
        "/x-rate-limit": "extension",
        "/paths/~1tasks~1{id}/get/x-polling-seconds": "extension",
    }


def test_if_holder_is_one_fact_and_its_properties_are_not() -> None:
    found = pointers(base_spec())
    assert not any("/if/" in p or "/then" in p for p in found)


def test_dependent_required_without_if_is_its_own_fact() -> None:
    spec = base_spec()
    text = spec["components"]["schemas"]["TextRequest"]
    del text["if"], text["then"]
    assert pointers(spec)["/components/schemas/TextRequest"] == "dependentRequired"


def test_inline_enum_of_a_property_or_parameter_is_covered_by_it() -> None:
    found = pointers(base_spec())
    assert "/components/schemas/TextRequest/properties/mode/oneOf/0" not in found
    assert "/paths/~1tasks~1{id}/get/parameters/0/schema" not in found


def test_a_callback_may_carry_its_x_doc_on_the_callback_object() -> None:
    spec = base_spec()
    callback = spec["paths"]["/tasks"]["post"]["callbacks"]["done"]
    callback["x-doc"] = callback["{$request.body#/callback}"].pop("x-doc")
    assert pointers(spec)["/paths/~1tasks/post/callbacks/done"] == "callback"
    assert problems(spec) == []


def test_a_callback_may_carry_its_x_doc_on_its_operation() -> None:
    spec = base_spec()
    item = spec["paths"]["/tasks"]["post"]["callbacks"]["done"]["{$request.body#/callback}"]
    item["post"]["x-doc"] = item.pop("x-doc")
    at = "/paths/~1tasks/post/callbacks/done/{$request.body#~1callback}"
    assert pointers(spec)[f"{at}/post"] == "callback"
    assert problems(spec) == []
    del item["post"]["x-doc"]
    assert problems(spec) == [f"{at}: callback has no x-doc (quote a page or decide)"]


def test_a_fully_annotated_spec_passes() -> None:
    assert problems(base_spec()) == []


def test_a_fact_without_x_doc_fails_naming_the_pointer() -> None:
    spec = base_spec()
    del spec["components"]["schemas"]["TextRequest"]["properties"]["prompt"]["x-doc"]
    assert problems(spec) == [
        "/components/schemas/TextRequest/properties/prompt: property has no x-doc"
        " (quote a page or decide)"
    ]


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        (("components", "schemas", "TaskStatus"), "enum"),
        (("components", "responses", "BadRequest"), "response"),
        (("x-rate-limit",), "extension"),
        (("paths", "/tasks/{id}", "get"), "extension"),
        (("paths", "/tasks", "post", "callbacks", "done", "{$request.body#/callback}"), "callback"),
    ],
)
def test_each_kind_of_fact_needs_its_x_doc(where: tuple[str, ...], kind: str) -> None:
    spec = base_spec()
    node: Any = spec
    for part in where:
        node = node[part]
    del node["x-doc"]
    found = problems(spec)
    assert len(found) == 1
    assert f": {kind} has no x-doc" in found[0]


def test_a_ref_targets_x_doc_counts_and_its_absence_names_the_using_pointer() -> None:
    spec = base_spec()
    assert fact_doc(spec, {"$ref": "#/components/schemas/Ratio"}) == Q
    del spec["components"]["schemas"]["Ratio"]["x-doc"]
    assert sorted(problems(spec)) == [
        "/components/schemas/Ratio: enum has no x-doc (quote a page or decide)",
        "/components/schemas/TextRequest/properties/ratio: property has no x-doc"
        " (quote a page or decide)",
    ]


def test_a_default_beside_a_ref_needs_its_own_x_doc() -> None:
    """``{$ref: Ratio, default: "16:9"}``: Ratio's x-doc cites the values, not the default."""
    spec = base_spec()
    ratio = spec["components"]["schemas"]["TextRequest"]["properties"]["ratio"]
    ratio.pop("x-doc", None)
    ratio["default"] = "16:9"
    assert fact_doc(spec, ratio) is None
    assert problems(spec) == [
        "/components/schemas/TextRequest/properties/ratio: property has no x-doc"
        " (quote a page or decide)"
    ]
    ratio["x-doc"] = Q
    assert problems(spec) == []


def test_an_unknown_source_fails() -> None:
    spec = base_spec()
    spec["components"]["schemas"]["Ratio"]["x-doc"] = [Q, {"source": "nope", "quote": "x"}]
    assert problems(spec) == [
        "/components/schemas/Ratio/x-doc/1/source: 'nope' is not an id in info.x-sources"
    ]


def test_a_decision_passes_and_parses() -> None:
    items, shape = parse_doc([Q, DECIDED])
    assert shape == []
    assert items == [Quote(PAGE, "default 16:9"), Decision(DECIDED["decision"])]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"source": PAGE, "quote": "x" * 121}, "/quote: quote is 121 characters (at most 120)"),
        ({"source": PAGE}, ": must be {source, quote}, {decision} or a list of them"),
        ({"source": PAGE, "quote": "x", "page": 2}, ": must be {source, quote}, {decision}"),
        ("see the docs", ": must be {source, quote}, {decision} or a list of them, got str"),
        ([], ": an empty list"),
        ([DECIDED, {"decision": "again"}], ": a list may hold at most one decision"),
        ({"decision": ""}, "/decision: must be a non-empty string"),
    ],
)
def test_an_x_doc_of_the_wrong_shape_fails(value: Any, problem: str) -> None:
    spec = base_spec()
    spec["components"]["schemas"]["TaskStatus"]["x-doc"] = value
    found = problems(spec)
    assert len(found) == 1
    assert found[0].startswith("/components/schemas/TaskStatus/x-doc")
    assert problem in found[0]


def test_a_120_character_quote_is_allowed() -> None:
    spec = base_spec()
    spec["components"]["schemas"]["TaskStatus"]["x-doc"] = {"source": PAGE, "quote": "x" * 120}
    assert problems(spec) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s[1].update(id=PAGE), "/info/x-sources/1/id: duplicate id 'page'"),
        (lambda s: s[1].update(id="Bad_Id"), "/info/x-sources/1/id: 'Bad_Id' must match"),
        (lambda s: s[0].pop("sha256"), "/info/x-sources/0/sha256: required with capture"),
        (lambda s: s[0].update(sha256="abc"), "/info/x-sources/0/sha256: must be 64 lowercase"),
        (lambda s: s[1].pop("url"), "/info/x-sources/1/url: required"),
        (lambda s: s[1].update(read="Nov 2026"), "/info/x-sources/1/read: 'Nov 2026' must be"),
        (lambda s: s[1].update(lang="en"), "/info/x-sources/1: unknown key(s) ['lang']"),
        (lambda s: s.append("https://x.test"), "/info/x-sources/2: must be a mapping"),
    ],
)
def test_registry_problems(change: Callable[[list[Any]], object], problem: str) -> None:
    spec = base_spec()
    change(spec["info"]["x-sources"])
    found = problems(spec)
    assert any(p.startswith(problem) for p in found), found


def test_registry_reads_sources() -> None:
    sources, found = read_sources(base_spec())
    assert found == []
    assert sources[PAGE].capture == "example.create.txt"
    assert sources["errors"].capture is None
    assert sources["errors"].language == "pl"


def test_registry_of_plain_urls_is_rejected() -> None:
    spec = base_spec()
    spec["info"]["x-sources"] = ["https://docs.example.test/create"]
    assert problems(spec)[0].startswith("/info/x-sources/0: must be a mapping")


def test_spec_rules_cli_reports_spec_file_and_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = base_spec()
    spec["paths"]["/tasks/{id}"]["get"]["security"] = [{"bearerAuth": []}]
    spec["paths"]["/tasks"]["post"]["security"] = [{"bearerAuth": []}]
    spec["paths"]["/tasks/{id}"]["get"]["responses"]["404"] = {"description": "no", "x-doc": Q}
    del spec["paths"]["/tasks/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "example"
    ]
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert spec_rules.main([str(good)]) == 0
    bad_spec = copy.deepcopy(spec)
    del bad_spec["components"]["schemas"]["TaskStatus"]["x-doc"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(bad_spec), encoding="utf-8")
    capsys.readouterr()
    assert spec_rules.main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: /components/schemas/TaskStatus: enum has no x-doc" in out


# ------------------------------------------------------------------ check (nox -s sources)

PAGE_TEXT = "# Create\n\n| field | note |\n|---|---|\n| ratio | **Default** 16:9 |\n"


def write_spec(tmp_path: Path, spec: dict[str, Any], name: str = "example.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def pages_dir(tmp_path: Path, text: str = PAGE_TEXT) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "example.create.txt").write_text(text, encoding="utf-8")
    return pages


def captured_spec(text: str = PAGE_TEXT) -> dict[str, Any]:
    spec = base_spec()
    spec["info"]["x-sources"][0]["sha256"] = page_sha256(text)
    return spec


def test_check_verifies_quotes_and_counts_facts(tmp_path: Path) -> None:
    path = write_spec(tmp_path, captured_spec())
    result = check_specs([path], pages_dir(tmp_path))
    assert result.problems == []
    counts = result.counts["example"]
    # 17 facts: 3 decision-only (callback, oneOf/1, x-polling-seconds on a decided
    # operation), 1 decision on `extra` overriding its $ref, the rest quote "page".
    assert (counts.facts, counts.decision_only, counts.uncaptured, counts.failing) == (17, 4, 0, 0)
    assert counts.verified == 13
    # `mode` mixes a quote and a decision: verified, and counted among the decisions
    assert counts.decisions == 5
    table = result.table()
    assert table.splitlines()[0].split() == [
        "provider", "facts", "verified", "no", "capture", "decision", "only", "failing", "no",
        "x-doc", "decisions",
    ]  # fmt: skip
    assert table.splitlines()[1].split() == ["example", "17", "13", "0", "4", "0", "0", "5"]


def test_check_fails_on_a_quote_missing_from_its_capture(tmp_path: Path) -> None:
    spec = captured_spec()
    spec["components"]["schemas"]["Ratio"]["x-doc"] = {"source": PAGE, "quote": "default 4:3"}
    path = write_spec(tmp_path, spec)
    result = check_specs([path], pages_dir(tmp_path))
    assert result.problems == [
        f"{path}: /components/schemas/Ratio/x-doc: source page: quote not found in "
        'example.create.txt: "default 4:3"'
    ]
    # Ratio's enum and the property that $refs it both fail.
    assert result.counts["example"].failing == 2


def test_check_fails_on_a_changed_capture(tmp_path: Path) -> None:
    path = write_spec(tmp_path, captured_spec())
    pages = pages_dir(tmp_path, PAGE_TEXT.replace("16:9", "16:10"))
    result = check_specs([path], pages)
    digest = page_sha256(PAGE_TEXT.replace("16:9", "16:10"))
    assert (
        f"{path}: /info/x-sources/0/sha256: example.create.txt hashes to {digest} now"
        in (result.problems[0])
    )
    # every x-doc quoting "page" (11 of them) now fails
    assert sum("quote not found" in p for p in result.problems) == 11


def test_check_fails_on_a_missing_capture(tmp_path: Path) -> None:
    path = write_spec(tmp_path, captured_spec())
    empty = tmp_path / "empty"
    empty.mkdir()
    result = check_specs([path], empty)
    assert result.problems == [
        f"{path}: /info/x-sources/0/capture: example.create.txt not found in {empty}"
    ]


def test_check_counts_quotes_of_uncaptured_pages(tmp_path: Path) -> None:
    spec = captured_spec()
    spec["components"]["schemas"]["TaskStatus"]["x-doc"] = {"source": "errors", "quote": "ok"}
    result = check_specs([write_spec(tmp_path, spec)], pages_dir(tmp_path))
    assert result.problems == []
    assert result.counts["example"].uncaptured == 1


def test_check_without_pages_checks_the_structure_only(tmp_path: Path) -> None:
    spec = captured_spec()
    spec["components"]["schemas"]["Ratio"]["x-doc"] = {"source": PAGE, "quote": "not there"}
    del spec["components"]["schemas"]["TaskStatus"]["x-doc"]
    path = write_spec(tmp_path, spec)
    result = check_specs([path], None)
    assert result.problems == [
        f"{path}: /components/schemas/TaskStatus: enum has no x-doc (quote a page or decide)"
    ]


def test_check_cli_exit_codes_and_missing_pages_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_spec(tmp_path, captured_spec())
    pages = pages_dir(tmp_path)
    assert sources_main(["check", "--pages", str(pages), "--spec", str(path)]) == 0
    out = capsys.readouterr().out
    assert ["example", "17", "13", "0", "4", "0", "0", "5"] in [
        line.split() for line in out.splitlines()
    ]
    assert sources_main(["check", "--pages", str(tmp_path / "absent"), "--spec", str(path)]) == 0
    assert "checking the structure only" in capsys.readouterr().out
    (pages / "example.create.txt").write_text("other text", encoding="utf-8")
    assert sources_main(["check", "--pages", str(pages), "--spec", str(path)]) == 1
    assert "quote not found" in capsys.readouterr().out


def test_hash_cli_prints_page_sha256(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = pages_dir(tmp_path) / "example.create.txt"
    assert sources_main(["hash", str(page)]) == 0
    assert capsys.readouterr().out.strip() == page_sha256(PAGE_TEXT)
