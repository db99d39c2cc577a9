"""The test files shown in docs/pytest.md pass, as a reader would run them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, child_env


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


def test_pytest_page_example_passes(tmp_path: Path) -> None:
    (block,) = [b for b in python_blocks(ROOT / "docs" / "pytest.md") if "# test_" in b]
    name = block.splitlines()[0].lstrip("# ").strip()
    (tmp_path / name).write_text(block)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
