"""The parts of sharekits import one way, and the short-link hot path loads no model module."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("sharekits", "campaigns", "cms")


def _module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _imports(name: str, *, top_level_only: bool) -> set[str]:
    """The project modules `name` imports (at load only, or anywhere in it)."""
    tree = ast.parse(_module_file(name).read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative: from .x import y
                base = ".".join(name.split(".")[: -node.level] + [node.module])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if _module_file(sub) else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.split(".")[0] in PROJECT and _module_file(m)}


def _modules_of(package: str) -> list[str]:
    folder = ROOT.joinpath(*package.split("."))
    return [f"{package}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]


@pytest.mark.parametrize("part", ["sharekits.links", "sharekits.clicks"])
def test_links_and_clicks_never_import_kits_or_scores(part):
    for module in _modules_of(part):
        imported = _imports(module, top_level_only=False)
        assert not {m for m in imported if m.startswith(("sharekits.kits", "sharekits.scores"))}


def test_clicks_never_import_links():
    # classify still reads the preview-fetcher list from links.previews until it moves here.
    for module in set(_modules_of("sharekits.clicks")) - {"sharekits.clicks.classify"}:
        imported = _imports(module, top_level_only=False)
        assert not {m for m in imported if m.startswith("sharekits.links")}, module


def test_the_short_link_hot_path_loads_no_model_module():
    """fastpath, redirect, routes and all they import at load: models only where SQL runs."""
    seen, todo = set(), ["sharekits.links.fastpath", "sharekits.links.views"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(_imports(module, top_level_only=True))
    assert "sharekits.links.routes" in seen and "sharekits.clicks.capture" in seen
    assert not {m for m in seen if m.endswith(".models") or ".models." in m}
