"""Rules of the suite itself: a test module imports shared code only from conftest.py or
tests/helpers.py, never from another test module (importing one runs its fixtures' module
code and couples unrelated tests)."""

from __future__ import annotations

import ast

from tests.conftest import REPO

SHARED = {"tests.conftest", "tests.helpers", "tests.ui.conftest"}


def test_test_modules_never_import_each_other():
    offenders = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                test_module = module.split(".")[-1].startswith("test_")
                if test_module or (module.startswith("tests.") and module not in SHARED):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno} imports {module}")
    assert offenders == []
