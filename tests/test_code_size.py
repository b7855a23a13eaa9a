"""Code a newcomer can read: no module under src/ over 600 lines, no function over 80."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tidings"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def long_modules(paths: list[Path], root: Path = SRC.parent) -> list[str]:
    out = []
    for path in paths:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            out.append(f"{path.relative_to(root)}: {lines} lines")
    return out


def long_functions(paths: list[Path], root: Path = SRC.parent) -> list[str]:
    out = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    where = f"{path.relative_to(root)}:{node.lineno}"
                    out.append(f"{where} {node.name}: {lines} lines")
    return out


def test_code_size_no_module_over_600_lines() -> None:
    assert long_modules(_modules()) == []


def test_code_size_no_function_over_80_lines() -> None:
    assert long_functions(_modules()) == []


def test_code_size_checks_find_offenders(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    path = tmp_path / "long.py"
    path.write_text(f"def f() -> None:\n{body}\n" + "\n" * MAX_MODULE_LINES, encoding="utf-8")
    assert len(long_functions([path], tmp_path)) == 1
    assert len(long_modules([path], tmp_path)) == 1
