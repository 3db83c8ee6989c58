import json
import subprocess
import sys

import pytest

from flows.cli.commands import main
from flows.config import REPO_ROOT

SAMPLE_PAGES = REPO_ROOT / "seeds" / "pages"


def test_extract_prints_one_json_object_per_page(capsys):
    pages = sorted(SAMPLE_PAGES.glob("*.txt"))[:2]
    assert main(["extract", *map(str, pages), "--jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    for line, page in zip(lines, pages):
        record = json.loads(line)
        assert record["path"] == str(page)
        assert {"title", "publisher", "published", "language", "text", "removed"} <= set(record)
        assert record["language"] == "en" and len(record["text"]) > 500
        assert all({"kind", "text"} == set(block) for block in record["removed"])


def test_extract_reports_a_bad_page_and_exits_non_zero(tmp_path, capsys):
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    assert main(["extract", str(bad), "--jsonl"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "empty" in captured.err


def test_the_program_ends_with_its_output_written_and_the_commands_status(tmp_path):
    # ``newsclaims`` ends without the interpreter's teardown (flows.cli.main): what it wrote to a pipe,
    # which Python buffers, must all be there, and the status must be the command's.
    page, bad = sorted(SAMPLE_PAGES.glob("*.txt"))[0], tmp_path / "empty.html"
    bad.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "flows.cli", "extract", str(page), str(bad), "--jsonl"],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert done.returncode == 1
    assert [json.loads(line)["path"] for line in done.stdout.splitlines()] == [str(page)]
    assert "empty" in done.stderr


def test_status_without_runs_says_so(tmp_path, capsys):
    assert main(["status", "--warehouse", str(tmp_path / "none.duckdb")]) == 0
    assert "no runs yet" in capsys.readouterr().out


def test_extract_without_jsonl_prints_readable_text(capsys):
    page = sorted(SAMPLE_PAGES.glob("*.txt"))[0]
    assert main(["extract", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {page}") and "language: en" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.splitlines()[0])
