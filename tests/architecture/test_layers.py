"""The house's layers (pyproject.toml, ``[tool.importlinter]``): arrows point down only,
and the check that guards them fails when one points up."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "portal", "initiatives", "partners", "priorities")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
                          timeout=300)


def test_every_room_of_the_portal_is_in_a_layer():
    """A module added at portal/'s top level is checked only once it is named."""
    layers = next(c for c in contracts() if c["type"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    rooms = {
        f"portal.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "portal").iterdir()
        if (path.suffix == ".py" and path.name != "__init__.py")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert rooms - named == set(), "name these modules in a layer of pyproject.toml"


def test_the_tree_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "bad_import", "contract"), [
    ("portal/core/text.py", "import initiatives.models",
     "The ground floor imports no app of the project"),
    ("portal/core/figures.py", "import portal.dashboard.selectors",
     "The ground floor imports no app of the project"),
    ("partners/models.py", "import initiatives.selectors",
     "Partners know no initiative"),
    ("initiatives/services.py", "import portal.reports.tasks",
     "Site above features above domain apps above the ground floor"),
])
def test_an_import_that_points_up_breaks_the_check(tmp_path, module, bad_import, contract):
    for name in APPS:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{bad_import}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


def _function_level_imports(path: Path):
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom | ast.Import):
            continue
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
            alias.name for alias in node.names]
        if getattr(node, "level", 0) == 0 and not any(n.split(".")[0] in APPS for n in names):
            continue
        scope = node
        while scope in parents and not isinstance(scope, ast.FunctionDef):
            scope = parents[scope]
        if isinstance(scope, ast.FunctionDef):
            yield scope, node, lines


def test_a_project_import_inside_a_function_says_why():
    """An import of the project's own code placed inside a function hides an arrow from
    the layers' check; the few that stay (in ``AppConfig.ready``) say why in a comment."""
    unexplained = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if path.parts[len(ROOT.parts)] not in APPS or "migrations" in path.parts:
            continue
        for function, node, lines in _function_level_imports(path):
            before = lines[function.lineno:node.lineno]
            if not any("#" in line for line in before + [lines[node.lineno - 1]]):
                unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unexplained == []
