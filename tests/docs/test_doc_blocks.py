"""The code blocks of README.md and docs/*.md marked ``<!-- test: run -->`` run as written, so
they cannot go stale: Python blocks in this process, shell blocks with bash in a scratch
directory (with the repository's ``tests/`` data reachable by the same relative paths)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARK = "<!-- test: run -->"
BLOCK = re.compile(re.escape(MARK) + r"\s*\n```(\w+)[^\n]*\n(.*?)\n```", re.DOTALL)


def marked_blocks() -> list[tuple[str, str, str]]:
    """(where, language, code) of every marked block; where is ``file:line``."""
    found: list[tuple[str, str, str]] = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text("utf-8")
        for m in BLOCK.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append((f"{path.name}:{line}", m.group(1), m.group(2)))
        assert text.count(MARK) == len([f for f in found if f[0].startswith(path.name + ":")]), (
            f"{path.name}: a {MARK} marker not followed by a fenced block"
        )
    return found


BLOCKS = marked_blocks()


def test_docs_mark_blocks_to_run() -> None:
    langs = {lang for _, lang, _ in BLOCKS}
    assert {"python", "sh"} <= langs


@pytest.mark.parametrize(("where", "lang", "code"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_doc_block_runs(
    where: str, lang: str, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if lang == "python":
        exec(compile(code, where, "exec"), {"__name__": "__doc_block__"})
        assert capsys.readouterr().out.strip(), f"{where} printed nothing"
        return
    assert lang in ("sh", "bash", "console"), f"{where}: cannot run a {lang} block"
    shutil.copytree(ROOT / "tests" / "data", tmp_path / "tests" / "data")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{env.get('PYTHONPATH', '')}"
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{where} failed:\n{done.stdout}\n{done.stderr}"
    assert done.stdout.strip(), f"{where} printed nothing"
