"""The shape of the code, drawn from its imports: the promises of the README's architecture map.

- apps depend one way, `cms → sharekits → campaigns`, templates included;
- inside `sharekits`, the parts depend one way, `scores → kits → links → clicks`, all of them
  on the base modules at the app's root (models, periods, conf);
- no import cycle inside any app, lazy imports inside functions included (that is how cycles
  hide);
- no module over 400 lines and no function over 60 lines in app code.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "campaigns", "sharekits")
# Lower may never import higher. The app root's glue (apps, tasks, urls, hooks, commands) is
# above all parts; models, periods and conf are below them.
SHAREKITS_LAYERS = {"clicks": 1, "links": 2, "kits": 3, "scores": 4}
SHAREKITS_BASE = {"sharekits", "sharekits.models", "sharekits.periods", "sharekits.conf"}
APP_ORDER = {"campaigns": 0, "sharekits": 1, "cms": 2}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _app_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _app_modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every project module `name` imports, at module level or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import module` imports the module; `from module import name` the module.
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _is_package_of(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def test_apps_depend_one_way_cms_sharekits_campaigns():
    wrong = [
        f"{source} imports {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if APP_ORDER[target.split(".")[0]] > APP_ORDER[source.split(".")[0]]
    ]
    assert wrong == []


def test_campaigns_templates_know_nothing_of_share_kits_or_the_site():
    named = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "campaigns").rglob("*")
        if path.suffix in {".html", ".txt", ".py"}
        and "migrations" not in path.parts
        and ("sharekits" in path.read_text() or "cms/" in path.read_text())
    ]
    assert named == []


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "sharekits":
        return None
    if module in SHAREKITS_BASE:
        return 0
    if len(parts) > 1 and parts[1] in SHAREKITS_LAYERS:
        return SHAREKITS_LAYERS[parts[1]]
    return 9  # the app's glue: apps, tasks, urls, wagtail_hooks, management, templatetags


def test_sharekits_parts_depend_one_way_scores_kits_links_clicks():
    wrong = []
    for source, targets in GRAPH.items():
        source_layer = _layer(source)
        if source_layer is None:
            continue
        for target in targets:
            target_layer = _layer(target)
            if target_layer is not None and target_layer > source_layer:
                wrong.append(f"{source} imports {target}")
    assert wrong == []


def test_the_hot_path_imports_no_orm_model_at_module_level():
    """The WSGI fast path loads before Django's middleware: the models load lazily, on a miss."""
    heavy = {"sharekits.models", "campaigns.models", "cms.models"}
    seen, todo = set(), ["sharekits.links.fastpath"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse(MODULES[name].read_text())
        for node in tree.body:  # module level only
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            todo.extend(t for t in targets if t in MODULES)
    assert seen & heavy == set()


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module, inside each app (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            # A package's __init__ and its own modules are one unit, not a cycle.
            if target.split(".")[0] != node.split(".")[0] or _is_package_of(target, node):
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return result


def test_no_import_cycle_inside_any_app():
    assert _cycles() == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_functions_stay_short(name):
    source = MODULES[name].read_text()
    assert source.count("\n") <= MAX_MODULE_LINES, f"{name} is over {MAX_MODULE_LINES} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
