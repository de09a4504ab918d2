"""``python -m contracts.sources diff``: stale facts and uncited statements of a re-captured page.

The real captures in ../shared/provider-docs are only read: every changed page is a
copy in ``tmp_path``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from contracts.sources import default_pages_dir, read_sources
from contracts.sources import main as sources_main
from contracts.sources_diff import diff_page, page_text, render, spec_quotes, uncited_lines
from contracts.spec import load_spec

PAGES = default_pages_dir()
DATA = Path(__file__).parent / "data" / "provenance"
QINGBO = DATA / "qingbo.yaml"
EVOLINK = DATA / "evolink.yaml"

needs_captures = pytest.mark.skipif(
    not (PAGES / "qingbo.create-task.txt").is_file(),
    reason=f"the captured provider pages are not in {PAGES}",
)


def copy_page(tmp_path: Path, name: str, old: str = "", new: str = "") -> tuple[Path, int]:
    """Copy a real capture into tmp_path, replacing ``old`` (exactly once) by ``new``.

    Returns the copy and the 1-based number of the changed line (0 if unchanged).
    """
    target = tmp_path / name
    shutil.copyfile(PAGES / name, target)
    if not old:
        return target, 0
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target, text[: text.index(old)].count("\n") + 1


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = sources_main(["diff", *args, "--json", "--pages", str(PAGES)])
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return code, out


@needs_captures
def test_changed_qingbo_aspect_ratio_default_is_stale_and_uncited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, line = copy_page(tmp_path, "qingbo.create-task.txt", 'default:"9:16"', 'default:"16:9"')
    code, out = run_json(capsys, "qingbo", str(page), "--spec", str(QINGBO))
    assert code == 1
    assert out["source"] == "sora-page"
    assert out["stale"] == [
        {
            "pointer": "/components/schemas/CreateTaskRequest/properties/aspect_ratio",
            "quote": 'aspect_ratio string default:"9:16"',
        }
    ]
    assert {"line": line, "text": 'default:"16:9"'} in out["uncited"]
    assert set(out) == {"source", "stale", "uncited"}


@needs_captures
def test_untouched_qingbo_copy_reports_nothing_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, _ = copy_page(tmp_path, "qingbo.create-task.txt")
    code, out = run_json(capsys, "qingbo", str(page), "--spec", str(QINGBO))
    assert code == 0
    assert out["stale"] == []
    cited = {'default:"9:16"', 'default:"4"', 'default:"720p"', "Aspect ratio: 16:9, 9:16"}
    assert not cited & {u["text"] for u in out["uncited"]}
    # the page's other value lines are candidates: e.g. the model table and `required`
    assert any("1080p" in u["text"] for u in out["uncited"])


@needs_captures
def test_changed_evolink_duration_values_are_stale_by_pointer_and_uncited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "evolink.video-generations.txt"
    page, line = copy_page(tmp_path, name, "\n10,15values", "\n10,20values")
    code, out = run_json(capsys, "evolink", str(page), "--spec", str(EVOLINK))
    assert code == 1
    assert out["stale"] == [
        {
            "pointer": "/components/schemas/Duration",
            "quote": "Only supports 10,15values, representing10 seconds,15 seconds",
        }
    ]
    changed = [u for u in out["uncited"] if u["line"] == line + 1]
    assert changed
    assert changed[0]["text"].startswith("10,20values")

    (tmp_path / "untouched").mkdir()
    untouched, _ = copy_page(tmp_path / "untouched", name)
    code, out = run_json(capsys, "evolink", str(untouched), "--spec", str(EVOLINK))
    assert (code, out["stale"]) == (0, [])
    assert all(u["line"] != line + 1 for u in out["uncited"])


@needs_captures
def test_text_report_names_the_chosen_source_and_diffs_the_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, _ = copy_page(tmp_path, "qingbo.create-task.txt", 'default:"720p"', 'default:"1080p"')
    code = sources_main(["diff", "qingbo", str(page), "--spec", str(QINGBO), "--pages", str(PAGES)])
    out = capsys.readouterr().out
    assert code == 1
    assert "source: sora-page (https://docs.qingbo.dev/en/api-reference/video/sora" in out
    assert "chosen as the best match by quotes found in the new page: sora-page 5/6" in out
    assert "/components/schemas/CreateTaskRequest/properties/resolution: 'default:\"720p\"'" in out
    assert "diff against the capture qingbo.create-task.txt:" in out
    assert '-default:"720p"' in out
    assert '+default:"1080p"' in out


@needs_captures
def test_a_ref_target_stale_names_the_facts_resting_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, _ = copy_page(tmp_path, "qingbo.create-task.txt", 'default:"4"', 'default:"8"')
    code = sources_main(["diff", "qingbo", str(page), "--spec", str(QINGBO), "--pages", str(PAGES)])
    out = capsys.readouterr().out
    assert code == 1
    assert "/components/schemas/Duration: 'duration integer default:\"4\"'" in out
    assert "(the x-doc of /components/schemas/CreateTaskRequest/properties/duration" in out


HTML = """<!DOCTYPE html><html><head><title>Create</title><script>var x = "9:16";</script>
</head><body><h1>Create task</h1><p>Async processing mode: submit a request and receive a
task ID.</p><table><tr><th>field</th><th>type</th><th>default</th></tr>
<tr><td>aspect_ratio</td><td>string</td><td>default:<code>"9:16"</code></td></tr>
<tr><td>resolution</td><td>string</td><td>default:<code>"1080p"</code></td></tr></table>
<p>Aspect ratio: <b>16:9</b>, <b>9:16</b></p></body></html>"""


def test_html_page_becomes_text_and_picks_its_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "create.html"
    page.write_text(HTML, encoding="utf-8")
    text = page_text(page)
    assert "<td>" not in text
    assert "var x" not in text
    code = sources_main(["diff", "qingbo", str(page), "--spec", str(QINGBO), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # duration and the 720p default are gone from this page
    assert out["source"] == "sora-page"
    stale = {s["pointer"] for s in out["stale"]}
    assert "/components/schemas/CreateTaskRequest/properties/aspect_ratio" not in stale
    assert "/components/schemas/CreateTaskRequest/properties/resolution" in stale
    uncited = [u["text"].split() for u in out["uncited"]]
    assert ["resolution", "string", 'default:"1080p"'] in uncited
    assert not any("aspect_ratio" in row for row in uncited)


def test_an_unmatched_page_is_a_new_page_and_an_unknown_source_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "other.txt"
    page.write_text(
        "Nothing here states a fact of this spec.\nThe `seed` is optional.\n", encoding="utf-8"
    )
    # a page no registered source matches (qingbo's new submit page was one): nothing
    # is stale, every value statement is a candidate fact
    assert sources_main(["diff", "qingbo", str(page), "--spec", str(QINGBO)]) == 0
    out = capsys.readouterr().out
    assert "source: none" in out
    assert "line 2: The `seed` is optional." in out
    assert sources_main(["diff", "qingbo", str(page), "--spec", str(QINGBO), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "source": None,
        "stale": [],
        "uncited": [{"line": 2, "text": "The `seed` is optional."}],
    }
    assert sources_main(["diff", "qingbo", str(page), "--spec", str(QINGBO), "--source", "x"]) == 2
    assert "--source 'x' is not one of ['sora-page', 'status-page']" in capsys.readouterr().err
    # named explicitly, every quote of the source is stale
    code, out = (
        sources_main(
            [
                "diff",
                "qingbo",
                str(page),
                "--spec",
                str(QINGBO),
                "--source",
                "status-page",
                "--json",
            ]
        ),
        json.loads(capsys.readouterr().out),
    )
    assert code == 1
    assert out["stale"] == [
        {
            "pointer": "/components/schemas/TaskStatus",
            "quote": "queued, processing, completed, failed",
        }
    ]


def test_unknown_provider_without_spec_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.txt"
    page.write_text("x", encoding="utf-8")
    assert sources_main(["diff", "nosuch", str(page)]) == 2
    assert "unknown provider 'nosuch'" in capsys.readouterr().err


def test_uncited_lines_skip_code_prose_and_repeats() -> None:
    text = "\n".join(
        [
            "---",
            'title: "Submit Task"',
            "---",
            "The answer has a `task_id`.",  # 1 enum-like token, not quoted: uncited
            '<ParamField body="model" type="string">',  # a parameter no quote names: uncited
            "Model name",
            "```json",
            '{"aspect_ratio": "16:9"}',
            "```",
            '  "duration": 8,',
            "curl -X POST https://x.test \\",
            'Prompt, for example "A cat playing piano"',  # prose in quotes: no value
            "Maximum 2 images, at most 10 MB",
            "Maximum 2 images, at most 10 MB",  # repeated: listed once
            "Only supports",
            "10,15 values",
        ]
    )
    found = uncited_lines(text, ["only supports 10,15"])
    assert [(u.line, u.text) for u in found] == [
        (4, "The answer has a `task_id`."),
        (5, '<ParamField body="model" type="string">'),
        (13, "Maximum 2 images, at most 10 MB"),
    ]
    # a parameter the spec quotes somewhere is covered
    quoted = uncited_lines(text, ["only supports 10,15", 'body="model"'])
    assert 5 not in [u.line for u in quoted]


def test_a_rewritten_page_is_flagged_as_looking_different() -> None:
    spec = load_spec(QINGBO)
    quotes = [q.quote for q in spec_quotes(spec) if q.source == "sora-page"]
    text = quotes[0] + "\n" + "Ein ganz anderer Text.\n"  # one quote of six left
    result = diff_page(spec, text, None)
    assert result.source == "sora-page"
    assert result.looks_different
    assert "looks like a different page" in render(
        result, "qingbo.yaml", read_sources(spec)[0], chosen=True
    )
    assert not diff_page(spec, "\n".join(quotes), None).looks_different


def test_a_value_outside_the_quote_on_the_same_line_is_uncited() -> None:
    line = "sora-2-pro 720p, 1080p High quality, supports 1080p"
    assert uncited_lines(line, ["sora-2-pro 720p, 1080p high quality"]) != []
    assert uncited_lines(line, [line]) == []


def test_diff_page_without_old_text_has_no_unified_diff() -> None:
    spec = load_spec(QINGBO)
    result = diff_page(spec, "Aspect ratio: 16:9, 9:16", "sora-page")
    assert result.unified == []
    assert result.compared is None
    assert len(result.stale) == 5  # all six quotes of sora-page but the one in the text


def test_a_quote_whose_page_only_changed_layout_is_not_stale() -> None:
    spec = load_spec(QINGBO)
    # MDX source of the same sentence: backticks fold to spaces, so "16:9 , 9:16"
    text = "aspect_ratio string default:`9:16`\nAspect ratio: `16:9`, `9:16`\n"
    result = diff_page(spec, text, "sora-page")
    stale = {q.quote for q in result.stale}
    assert "Aspect ratio: 16:9, 9:16" not in stale
    assert 'aspect_ratio string default:"9:16"' not in stale
    assert [q.quote for q in result.relaid] == ["Aspect ratio: 16:9, 9:16"]
    assert result.uncited == []
