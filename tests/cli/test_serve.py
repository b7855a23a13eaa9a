"""``tidings serve`` on a database another process holds: one clear error, no traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tidings.cli.main import main
from tidings.store import Store

HOLD = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only={ro}); "
    "print('ok', flush=True); time.sleep(60)"
)


@pytest.mark.parametrize(
    ("holder_read_only", "key", "advice"),
    [(True, "k", "even a read-only one"), (False, "", "wait for it to finish")],
)
def test_serve_on_a_held_database_is_one_clear_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    holder_read_only: bool,
    key: str,
    advice: str,
) -> None:
    db = tmp_path / "held.duckdb"
    Store(db).close()
    config = tmp_path / "s.toml"
    config.write_text(f'[serve]\napi_key = "{key}"\nport = 0\n')
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(ro=holder_read_only), str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        start = time.monotonic()
        code = main(["--config", str(config), "--db", str(db), "serve"])
        assert time.monotonic() - start < 10
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "cannot serve" in err and advice in err
    if holder_read_only:
        assert "open, for writing or read-only" in err
    else:
        assert "open for writing" in err
