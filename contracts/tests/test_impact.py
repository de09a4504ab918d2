"""The impact classifier, class by class, on small spec pairs; bump, changelog, griffe parsing."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from contracts.impact.api import parse_griffe
from contracts.impact.changelog import prepend, render_entry, section_of, top_version
from contracts.impact.classify import PERSON, Change, classify
from contracts.impact.release import bump_for, bumped, set_version

OP = "/paths/~1tasks/post"
REQ = "/components/schemas/Req"
RESP = "/components/schemas/Resp"


def base() -> dict[str, Any]:
    """One create operation: strict request ``Req``, tolerant response ``Resp``, a callback."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1", "x-sources": ["https://a.example/doc"]},
        "paths": {
            "/tasks": {
                "post": {
                    "operationId": "create_task",
                    "tags": ["tasks"],
                    "summary": "Create",
                    "security": [{"bearerAuth": []}],
                    "parameters": [{"name": "trace", "in": "query", "schema": {"type": "string"}}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Req"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Resp"}
                                }
                            },
                        },
                        "400": {"description": "bad"},
                    },
                    "callbacks": {
                        "done": {
                            "{$request.body#/callback_url}": {
                                "post": {
                                    "requestBody": {
                                        "content": {
                                            "application/json": {
                                                "schema": {"$ref": "#/components/schemas/Resp"}
                                            }
                                        }
                                    },
                                    "responses": {"200": {"description": "ack"}},
                                }
                            }
                        }
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Req": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["prompt"],
                    "properties": {
                        "prompt": {"type": "string", "maxLength": 100, "description": "p"},
                        "ratio": {"$ref": "#/components/schemas/Ratio"},
                        "seconds": {"type": "integer", "minimum": 1, "maximum": 10},
                        "callback_url": {"type": "string", "format": "uri"},
                        "mode": {"type": "string", "default": "fast"},
                    },
                },
                "Ratio": {"type": "string", "enum": ["16:9", "9:16"]},
                "Resp": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "progress": {"type": "integer"},
                        "status": {
                            "anyOf": [
                                {"$ref": "#/components/schemas/Status"},
                                {"type": "string"},
                            ]
                        },
                        "kind": {"$ref": "#/components/schemas/Kind"},
                    },
                },
                "Status": {"type": "string", "enum": ["pending", "done"]},
                "Kind": {"type": "string", "enum": ["video", "image"]},
            },
        },
    }


def changed(edit: Any) -> list[Change]:
    old = base()
    new = copy.deepcopy(old)
    edit(new)
    return classify(old, new)


def kinds(changes: list[Change]) -> set[tuple[str, str]]:
    return {(c.pointer, c.kind) for c in changes}


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def op(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"]["/tasks"]["post"]  # type: ignore[no-any-return]


def test_identical_specs_have_no_change() -> None:
    assert classify(base(), base()) == []


# -- breaking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "pointer", "words"),
    [
        pytest.param(
            lambda s: s["paths"].pop("/tasks"), OP, "operation removed", id="operation-removed"
        ),
        pytest.param(
            lambda s: s["paths"]["/tasks"].__setitem__("put", s["paths"]["/tasks"].pop("post")),
            OP,
            "operation removed",
            id="method-changed",
        ),
        pytest.param(
            lambda s: op(s).__setitem__("operationId", "make_task"),
            f"{OP}/operationId",
            "renamed",
            id="operation-id-renamed",
        ),
        pytest.param(
            lambda s: s["components"]["securitySchemes"].pop("bearerAuth"),
            "/components/securitySchemes/bearerAuth",
            "removed",
            id="security-scheme-removed",
        ),
        pytest.param(
            lambda s: s["components"]["securitySchemes"]["bearerAuth"].update(scheme="basic"),
            "/components/securitySchemes/bearerAuth/scheme",
            "scheme changed",
            id="security-scheme-changed",
        ),
        pytest.param(
            lambda s: op(s).__setitem__("security", [{"apiKey": []}]),
            f"{OP}/security",
            "security changed",
            id="operation-security-changed",
        ),
        pytest.param(
            lambda s: (
                schemas(s)["Req"]["properties"].__setitem__("seed", {"type": "integer"})
                or schemas(s)["Req"]["required"].append("seed")
            ),
            f"{REQ}/properties/seed",
            "new required field",
            id="new-required-request-field",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["required"].append("seconds"),
            f"{REQ}/required",
            "now required",
            id="request-field-now-required",
        ),
        pytest.param(
            lambda s: schemas(s)["Ratio"]["enum"].remove("9:16"),
            "/components/schemas/Ratio/enum",
            'enum value "9:16" removed',
            id="request-enum-value-removed",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["seconds"].update(maximum=5),
            f"{REQ}/properties/seconds/maximum",
            "maximum 10 -> 5 (tightened)",
            id="lower-maximum",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["prompt"].update(maxLength=50),
            f"{REQ}/properties/prompt/maxLength",
            "maxLength 100 -> 50 (tightened)",
            id="shorter-max-length",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["prompt"].update(pattern="^a"),
            f"{REQ}/properties/prompt/pattern",
            'pattern "^a" added',
            id="pattern-added",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"].__setitem__(
                "seconds", {"type": "integer", "minimum": 1, "maximum": 10, "enum": [5, 10]}
            ),
            f"{REQ}/properties/seconds/enum",
            "enum added",
            id="request-enum-added",
        ),
        pytest.param(
            lambda s: (
                schemas(s)["Req"].__setitem__("if", {"required": ["mode"]})
                or schemas(s)["Req"].__setitem__("then", {"required": ["callback_url"]})
            ),
            f"{REQ}/if",
            "if added",
            id="conditional-requirement-added",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["callback_url"].update(format="uuid"),
            f"{REQ}/properties/callback_url/format",
            "the Python type changes",
            id="format-changes-python-type",
        ),
        pytest.param(
            lambda s: schemas(s)["Resp"]["properties"].pop("progress"),
            f"{RESP}/properties/progress",
            "response field 'progress' removed",
            id="response-field-removed",
        ),
        pytest.param(
            lambda s: schemas(s)["Resp"]["properties"]["progress"].update(type="string"),
            f"{RESP}/properties/progress/type",
            "type ['integer'] -> ['string'] (changed)",
            id="response-field-type-changed",
        ),
        pytest.param(
            lambda s: schemas(s)["Resp"]["properties"]["progress"].update(type=["integer", "null"]),
            f"{RESP}/properties/progress/type",
            "(widened)",
            id="response-field-type-widened",
        ),
        pytest.param(
            lambda s: schemas(s)["Resp"]["required"].remove("id"),
            f"{RESP}/required",
            "no longer required",
            id="response-field-may-be-absent",
        ),
        pytest.param(
            lambda s: schemas(s)["Kind"]["enum"].append("audio"),
            "/components/schemas/Kind/enum",
            'enum value "audio" added',
            id="closed-response-enum-gains",
        ),
        pytest.param(
            lambda s: schemas(s)["Kind"]["enum"].remove("image"),
            "/components/schemas/Kind/enum",
            'enum value "image" removed',
            id="closed-response-enum-loses",
        ),
        pytest.param(
            lambda s: schemas(s)["Resp"]["properties"]["status"]["anyOf"].pop(),
            f"{RESP}/properties/status/anyOf/1",
            "no longer open",
            id="open-set-closed",
        ),
        pytest.param(
            lambda s: op(s)["responses"].pop("400"),
            f"{OP}/responses/400",
            "no longer documented",
            id="response-status-removed",
        ),
        pytest.param(
            lambda s: op(s)["parameters"].append(
                {"name": "org", "in": "header", "required": True, "schema": {"type": "string"}}
            ),
            f"{OP}/parameters/1",
            "new required header parameter 'org'",
            id="new-required-parameter",
        ),
        pytest.param(
            lambda s: op(s)["parameters"].clear(),
            f"{OP}/parameters/0",
            "query parameter 'trace' removed",
            id="parameter-removed",
        ),
        pytest.param(
            lambda s: op(s).pop("callbacks"),
            f"{OP}/callbacks/done",
            "callback done removed",
            id="callback-removed",
        ),
    ],
)
def test_breaking(edit: Any, pointer: str, words: str) -> None:
    changes = changed(edit)
    hits = [c for c in changes if c.pointer == pointer]
    assert hits, changes
    assert any(c.kind == "breaking" and words in c.what for c in hits), hits


# -- additive ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "pointer", "words"),
    [
        pytest.param(
            lambda s: s["paths"].__setitem__(
                "/credits",
                {"get": {"operationId": "credits", "responses": {"200": {"description": "x"}}}},
            ),
            "/paths/~1credits/get",
            "new operation",
            id="new-operation",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"].__setitem__("seed", {"type": "integer"}),
            f"{REQ}/properties/seed",
            "new optional field 'seed'",
            id="new-optional-request-field",
        ),
        pytest.param(
            lambda s: schemas(s)["Ratio"]["enum"].append("1:1"),
            "/components/schemas/Ratio/enum",
            'enum value "1:1" added',
            id="new-request-enum-value",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["seconds"].update(maximum=20),
            f"{REQ}/properties/seconds/maximum",
            "(relaxed)",
            id="higher-maximum",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["callback_url"].pop("format"),
            f"{REQ}/properties/callback_url/format",
            "format 'uri' -> None",
            id="format-dropped",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["required"].remove("prompt"),
            f"{REQ}/required",
            "no longer required",
            id="request-field-now-optional",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"].pop("additionalProperties"),
            f"{REQ}/additionalProperties",
            "opened",
            id="request-additional-properties-opened",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["seconds"].update(type=["integer", "string"]),
            f"{REQ}/properties/seconds/type",
            "(widened)",
            id="request-type-widened",
        ),
        pytest.param(
            lambda s: schemas(s)["Resp"]["properties"].__setitem__("cost", {"type": "number"}),
            f"{RESP}/properties/cost",
            "new response field 'cost'",
            id="new-response-field",
        ),
        pytest.param(
            lambda s: schemas(s)["Status"]["enum"].append("cancelled"),
            "/components/schemas/Status/enum",
            'enum value "cancelled" added (an open set)',
            id="open-set-gains-value",
        ),
        pytest.param(
            lambda s: op(s)["responses"].__setitem__("402", {"description": "no credits"}),
            f"{OP}/responses/402",
            "newly documented response status 402",
            id="newly-documented-status",
        ),
        pytest.param(
            lambda s: op(s)["parameters"].append(
                {"name": "org", "in": "header", "schema": {"type": "string"}}
            ),
            f"{OP}/parameters/1",
            "new optional header parameter 'org'",
            id="new-optional-parameter",
        ),
        pytest.param(
            lambda s: op(s).__setitem__("deprecated", True),
            f"{OP}/deprecated",
            "operation deprecated",
            id="operation-deprecated",
        ),
    ],
)
def test_additive(edit: Any, pointer: str, words: str) -> None:
    changes = changed(edit)
    hits = [c for c in changes if c.pointer == pointer]
    assert hits, changes
    assert all(c.kind != "breaking" for c in changes), changes
    assert any(c.kind == "additive" and words in c.what for c in hits), hits


def test_request_constraint_tightened_on_a_response_is_additive() -> None:
    """Direction matters: a lower maximum on what the user reads breaks nothing."""
    changes = changed(lambda s: schemas(s)["Resp"]["properties"]["progress"].update(maximum=5))
    assert kinds(changes) == {(f"{RESP}/properties/progress/maximum", "additive")}


def test_callback_payload_is_read_by_the_user() -> None:
    """In a callback the provider sends the body: a field removed there breaks the receiver."""
    old = base()
    new = copy.deepcopy(old)
    callback = op(new)["callbacks"]["done"]["{$request.body#/callback_url}"]["post"]
    callback["requestBody"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {"id": {"type": "string"}},
    }
    changes = classify(old, new)
    removed = [c for c in changes if c.what.startswith("callback done")]
    assert [(c.kind, c.pointer.rsplit("/", 1)[-1]) for c in removed] == [
        ("breaking", "progress"),  # pointed at where it was: the shared Resp
        ("breaking", "status"),
        ("breaking", "kind"),
        ("breaking", "required"),  # `id` may now be absent from what the receiver reads
    ]
    assert removed[0].pointer == f"{RESP}/properties/progress"
    assert "field 'progress' removed" in removed[0].what


def test_change_through_ref_and_all_of_is_found() -> None:
    old = base()
    schemas(old)["Wrapper"] = {"allOf": [{"$ref": "#/components/schemas/Req"}]}
    body = op(old)["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/Wrapper"}
    new = copy.deepcopy(old)
    schemas(new)["Ratio"]["enum"].remove("16:9")
    assert kinds(classify(old, new)) == {("/components/schemas/Ratio/enum", "breaking")}


# -- docs ----------------------------------------------------------------------------


def test_a_default_beside_a_ref_is_compared() -> None:
    """qingbo's real 2026-06 change: ``{$ref: AspectRatio, default: "9:16"}`` -> ``"16:9"``."""

    def with_default(value: str) -> Any:
        def edit(spec: dict[str, Any]) -> None:
            schemas(spec)["Req"]["properties"]["ratio"]["default"] = value

        return edit

    old = base()
    with_default("9:16")(old)
    new = copy.deepcopy(old)
    with_default("16:9")(new)
    (change,) = classify(old, new)
    assert (change.pointer, change.kind) == (f"{REQ}/properties/ratio/default", "breaking")
    assert '"9:16" -> "16:9"' in change.what
    assert "unclassified" not in change.what


def test_docs_only_changes() -> None:
    def edit(s: dict[str, Any]) -> None:
        schemas(s)["Req"]["properties"]["prompt"]["description"] = "the prompt, reworded"
        schemas(s)["Req"]["properties"]["prompt"]["x-doc"] = {"source": "a", "quote": "100"}
        schemas(s)["Ratio"]["x-doc"] = {"decision": "both values, as documented"}
        schemas(s)["Resp"]["examples"] = [{"id": "x"}]
        op(s)["summary"] = "Create a task"
        op(s)["responses"]["200"]["x-doc"] = {"source": "a", "quote": "200 OK"}
        op(s)["callbacks"]["done"]["x-doc"] = {"decision": "retried 3 times"}
        op(s)["parameters"][0]["x-doc"] = {"decision": "a tracing id"}
        op(s)["parameters"][0]["schema"]["description"] = "any string"
        op(s)["responses"]["200"]["content"]["application/json"]["examples"] = {
            "ok": {"x-source": "https://a.example/doc", "value": {"id": "1"}}
        }
        s["info"]["x-sources"] = [{"id": "a", "url": "https://a.example/doc", "read": "2026-12"}]
        s["info"]["description"] = "changed"

    changes = changed(edit)
    assert changes
    assert {c.kind for c in changes} == {"docs"}, changes
    assert f"{REQ}/properties/prompt/x-doc" in {c.pointer for c in changes}
    assert "/info/x-sources" in {c.pointer for c in changes}
    assert f"{OP}/parameters/0/x-doc" in {c.pointer for c in changes}


def test_x_doc_inside_an_extension_is_docs() -> None:
    old = base()
    old["x-rate-limit"] = {"requests": 10, "per_seconds": 1}
    new = copy.deepcopy(old)
    new["x-rate-limit"]["x-doc"] = {"source": "a", "quote": "10 requests per second"}
    assert kinds(classify(old, new)) == {("/x-rate-limit/x-doc", "docs")}


def test_a_property_named_description_is_not_docs() -> None:
    old = base()
    schemas(old)["Resp"]["properties"]["description"] = {"type": "string"}
    new = copy.deepcopy(old)
    schemas(new)["Resp"]["properties"].pop("description")
    assert kinds(classify(old, new)) == {(f"{RESP}/properties/description", "breaking")}


# -- left to a person ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "pointer"),
    [
        pytest.param(
            lambda s: schemas(s)["Req"]["properties"]["mode"].update(default="slow"),
            f"{REQ}/properties/mode/default",
            id="request-default-changed",
        ),
        pytest.param(
            lambda s: schemas(s)["Req"].__setitem__("x-vendor-rule", 1),
            f"{REQ}/x-vendor-rule",
            id="unknown-extension",
        ),
        pytest.param(lambda s: s.__setitem__("openapi", "3.2.0"), "/openapi", id="openapi-version"),
    ],
)
def test_left_to_a_person_is_breaking_and_says_so(edit: Any, pointer: str) -> None:
    hits = [c for c in changed(edit) if c.pointer == pointer]
    assert hits
    assert all(c.kind == "breaking" and PERSON in c.what for c in hits), hits


def test_changed_pattern_is_left_to_a_person() -> None:
    old = base()
    schemas(old)["Req"]["properties"]["prompt"]["pattern"] = "^a"
    new = copy.deepcopy(old)
    schemas(new)["Req"]["properties"]["prompt"]["pattern"] = "^b"
    (change,) = classify(old, new)
    assert change.kind == "breaking"
    assert PERSON in change.what


def test_new_and_removed_provider() -> None:
    assert [c.kind for c in classify({}, base())] == ["additive"]
    assert [c.kind for c in classify(base(), {})] == ["breaking"]


# -- bump, changelog, griffe output --------------------------------------------------


@pytest.mark.parametrize(
    ("version", "worst", "bump", "new"),
    [
        ("0.1.0", "breaking", "minor", "0.2.0"),
        ("0.1.0", "additive", "patch", "0.1.1"),
        ("0.1.3", "docs", "patch", "0.1.4"),
        ("0.1.0", None, "none", "0.1.0"),
        ("1.2.3", "breaking", "major", "2.0.0"),
        ("1.2.3", "additive", "minor", "1.3.0"),
        ("1.2.3", "docs", "patch", "1.2.4"),
    ],
)
def test_semver_bump(version: str, worst: str | None, bump: str, new: str) -> None:
    assert bump_for(version, worst) == bump
    assert bumped(version, bump_for(version, worst)) == new


def test_set_version_changes_only_the_project_version() -> None:
    text = '[project]\nname = "x"\nversion = "0.1.0"\n[tool.x]\nversion = "9"\n'
    assert set_version(text, "0.2.0") == text.replace('"0.1.0"', '"0.2.0"')


def test_changelog_entry_sections_and_prepend() -> None:
    changes = [
        Change("/a", "breaking", 'request `ratio`: enum value "9:16" removed'),
        Change("/b", "additive", "request body: new optional field 'seed'"),
        Change("/c", "breaking", "response `progress`: type ['integer'] -> ['string']"),
        Change("/d/x-doc", "docs", "x-doc changed"),
    ]
    assert [section_of(c.kind, c.what) for c in changes] == ["Removed", "Added", "Changed", "Fixed"]
    entry = render_entry("0.2.0", "2026-12-01", {"evolink": [(c.pointer, c) for c in changes]}, [])
    assert entry.startswith("## [0.2.0] - 2026-12-01")
    assert "### evolink" in entry
    assert '- **BREAKING** request `ratio`: enum value "9:16" removed (`/a`)' in entry
    assert "#### Fixed" in entry
    assert "1 change (x-doc 1)" in entry
    old = "# Changelog\n\nintro\n\n## [0.1.0] - 2026-11-21\n\n- first\n"
    new = prepend(old, entry)
    assert top_version(new) == "0.2.0"
    assert new.index("## [0.2.0]") < new.index("## [0.1.0]")
    assert new.startswith("# Changelog\n\nintro\n")
    assert prepend(new, entry).count("## [0.2.0]") == 1  # rewriting replaces the entry


def test_parse_griffe_oneline() -> None:
    output = (
        "generated/evolink_client/models/task_info.py:0: TaskInfo.can_cancel:"
        " Public object was removed\n"
        "generated/evolink_client/api/tasks/get_task.py:12: sync(task_id):"
        " Parameter was removed\n"
        "generated/evolink_client/__init__.py:0: <module>: Public object was removed\n"
        "WARNING griffe: something unrelated\n"
    )
    found = parse_griffe("evolink_client", "generated", output)
    assert [(b.path, b.what) for b in found] == [
        ("evolink_client.models.task_info.TaskInfo.can_cancel", "Public object was removed"),
        ("evolink_client.api.tasks.get_task.sync(task_id)", "Parameter was removed"),
        ("evolink_client", "Public object was removed"),
    ]
    assert found[0].as_dict()["kind"] == "breaking"


@pytest.mark.parametrize("towards_open", [True, False])
def test_plain_string_and_open_set_are_the_same_values(towards_open: bool) -> None:
    plain = {"type": "string", "description": "error category"}
    open_set = {
        "anyOf": [{"$ref": "#/components/schemas/Kind"}, {"type": "string"}],
        "description": "error category; known values in Kind",
    }
    old, new = base(), base()
    schemas(old)["Resp"]["properties"]["category"] = plain if towards_open else open_set
    schemas(new)["Resp"]["properties"]["category"] = open_set if towards_open else plain
    changes = classify(old, new)
    assert {c.kind for c in changes} == {"additive", "docs"}, changes
    message = "known values documented" if towards_open else "documented values dropped"
    assert any(message in c.what for c in changes)


def with_variants(spec: dict[str, Any]) -> dict[str, Any]:
    """``Req`` as a ``oneOf`` of two variants keyed on a ``const`` tag, one with an if/then."""
    text = {"type": "object", "properties": {"model": {"const": "text"}, "prompt": {}}}
    image = {
        "type": "object",
        "properties": {
            "model": {"const": "image"},
            "urls": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            "mode": {"type": "string"},
        },
        "if": {"properties": {"mode": {"const": "callback"}}},
        "then": {"required": ["urls"]},
    }
    schemas(spec)["Req"] = {"oneOf": [text, image]}
    return spec


@pytest.mark.parametrize(
    ("edit", "kind", "words"),
    [
        (lambda r: r["oneOf"].pop(0), "breaking", 'oneOf variant model="text" removed'),
        (
            lambda r: r["oneOf"].append(
                {"type": "object", "properties": {"model": {"const": "v"}}}
            ),
            "additive",
            'oneOf variant model="v" added',
        ),
        (
            lambda r: r["oneOf"][1]["properties"]["urls"]["items"]["enum"].remove("b"),
            "breaking",
            'enum value "b" removed',
        ),
        (lambda r: r["oneOf"][1]["then"]["required"].append("mode"), "breaking", "now required"),
        (lambda r: r["oneOf"][1].pop("then"), "additive", "then removed"),
        (
            lambda r: r["oneOf"][1]["if"]["properties"]["mode"].update(const="poll"),
            "breaking",
            "if condition changed (a person decides)",
        ),
    ],
)
def test_variants_items_and_conditions(edit: Any, kind: str, words: str) -> None:
    old = with_variants(base())
    new = copy.deepcopy(old)
    edit(schemas(new)["Req"])
    changes = classify(old, new)
    assert any(c.kind == kind and words in c.what for c in changes), changes
    assert all(c.kind == kind for c in changes), changes
