"""The code blocks of README.md and docs/ that are tests or files run as they are written.

Doctest blocks (``>>>``) are run by pytest's --doctest-glob. This runs the rest: in each
document, a ```python block whose first line is ``# name.py`` is written to that file, and a
block that defines ``test_`` functions becomes a test module; pytest then runs them all in a
fresh process, from the top of the checkout, as a reader would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
FILE_HEADER = re.compile(r"#\s*(?:\S+/)?(\w+\.py)\s*$")


def runnable_blocks(document: Path) -> dict[str, str]:
    """File name -> source of each block of ``document`` that this test runs."""
    files: dict[str, str] = {}
    for number, match in enumerate(BLOCK.finditer(document.read_text(encoding="utf-8"))):
        source = match.group(1)
        if ">>>" in source:
            continue
        header = FILE_HEADER.match(source.splitlines()[0]) if source.strip() else None
        if header:
            files[header.group(1)] = source
        elif re.search(r"^def test_", source, re.MULTILINE):
            files[f"test_{document.stem.replace('-', '_')}_block_{number}.py"] = source
    return files


DOCUMENTS_WITH_TESTS = [
    document
    for document in DOCUMENTS
    if any(name.startswith("test_") for name in runnable_blocks(document))
]


def test_the_readme_has_runnable_examples() -> None:
    assert ROOT / "README.md" in DOCUMENTS_WITH_TESTS


@pytest.mark.parametrize("document", DOCUMENTS_WITH_TESTS, ids=lambda path: path.name)
def test_the_examples_of_a_document_pass(document: Path, tmp_path: Path) -> None:
    for name, source in runnable_blocks(document).items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
    assert " passed" in completed.stdout
    assert "skipped" not in completed.stdout
