"""Rebuild the classifier's corpus of real user agents from pinned public packages.

Run from the project root: .venv/bin/python scripts/refresh_user_agents.py
It downloads the pinned versions below with pip and npm into a temporary directory (nothing
is installed, nothing of the packages is kept), extracts their user agents, labels each one
bot, preview or human, samples the large sources deterministically (by SHA-256 of the user
agent, so that a refresh keeps most of the same sample), applies corrections.tsv and rewrites
tests/sharekits/clicks/corpus/<source>.tsv. Tests never download anything.
"""

import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "sharekits" / "clicks" / "corpus"

PYPI = {  # name: (version, kind of archive)
    "crawler-user-agents": ("1.67.0", "wheel"),
    "crawlerdetect": ("0.4.2", "sdist"),
    "device-detector": ("6.5.1", "sdist"),
}
NPM = {"user-agents": "2.1.198", "top-user-agents": "2.1.138"}
YAML_PARSER = "PyYAML==6.0.3"  # only to read Matomo's fixtures, in the temporary directory
SAMPLE = {"crawlerdetect-devices": 5000, "matomo-devices": 8000}

# Matomo's fixtures describe devices and apps, not visits. A browser, or any app whose user
# agent holds a web engine (an in-app browser, a mail client's or a feed reader's web view),
# is a person opening a page; an app without one is the app's own HTTP client (a podcast
# app, a media player, a library): a fetch, not a person.
# Feed readers fetch on their own: robots, like libraries. Fixtures without a client are
# people on a TV, a console or a feature phone.
WEB_ENGINE = re.compile(
    r"Mozilla/|AppleWebKit|Presto/|Gecko/|Trident/|MIDP|Browser|HbbTV|WAP|\bUP/\d", re.I
)
MATOMO_FETCHERS = {"library", "feed reader"}
MATOMO_PEOPLE_DEVICES = {"tv", "console", "feature phone"}
# crawlerdetect's devices.txt holds every string its library must not call a crawler: 96 %
# are browsers, the rest app clients, placeholders ("$UA", "1"), shell and HTML injections.
# Only its browser strings are taken as people.
BROWSER_STRING = re.compile(r"^(?:Mozilla|Opera)/")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archives = download(work)
        sources = dict(extract(archives, work))
    corrections = read_corrections()
    CORPUS.mkdir(parents=True, exist_ok=True)
    for old in CORPUS.glob("*.tsv"):
        if old.name != "corrections.tsv":
            old.unlink()
    for name, (header, rows) in sorted(sources.items()):
        rows = sample(name, unique(rows))
        rows, fixed = correct(name, rows, corrections)
        write(CORPUS / f"{name}.tsv", header, rows)
        print(f"{name}: {len(rows)} user agents, {fixed} corrected")  # noqa: T201


# --- download ------------------------------------------------------------------------------


def download(work: Path) -> dict[str, Path]:
    """Fetch every pinned archive through pip or npm; return name -> archive path."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    found = {}
    for name, (version, kind) in PYPI.items():
        dest = work / name
        only = ["--only-binary", ":all:"] if kind == "wheel" else ["--no-binary", ":all:"]
        run([*pip, "download", "--no-deps", *only, f"{name}=={version}", "-d", str(dest)])
        found[name] = next(dest.iterdir())
    run([*pip, "install", "--no-deps", "--target", str(work / "lib"), YAML_PARSER])
    for name, version in NPM.items():
        dest = work / name
        dest.mkdir()
        run(["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", str(dest)])
        found[name] = next(dest.iterdir())
    return found


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def member(archive: Path, suffix: str) -> bytes:
    """The content of the one file of a wheel, sdist or npm tarball whose path ends so."""
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(suffix)))
    with tarfile.open(archive) as t:
        info = next(m for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(info).read()


def members(archive: Path, pattern: str) -> Iterator[tuple[str, bytes]]:
    with tarfile.open(archive) as t:
        for info in sorted(t.getmembers(), key=lambda m: m.name):
            if re.search(pattern, info.name):
                yield info.name.rsplit("/", 1)[-1], t.extractfile(info).read()


# --- extract and label ---------------------------------------------------------------------

Row = tuple[str, str, str]  # expected verdict, user agent, note


def extract(archives: dict[str, Path], work: Path) -> Iterator[tuple[str, tuple[str, list]]]:
    yield from crawler_user_agents(archives["crawler-user-agents"])
    yield from crawlerdetect(archives["crawlerdetect"])
    yield from matomo(archives["device-detector"], work / "lib")
    yield from intoli(archives["user-agents"])
    yield from top_user_agents(archives["top-user-agents"])


def about(package: str, registry: str, licence: str, what: str) -> str:
    version = PYPI[package][0] if registry == "PyPI" else NPM[package]
    return f"{registry} {package} {version}; licence {licence}; {what}"


def crawler_user_agents(archive: Path) -> Iterator[tuple[str, tuple[str, list]]]:
    entries = json.loads(member(archive, "crawler-user-agents.json"))
    rows = [("bot", ua, e["pattern"]) for e in entries for ua in e.get("instances", [])]
    header = about(
        "crawler-user-agents",
        "PyPI",
        "MIT, (c) Martin Monperrus and contributors",
        "the `instances` of every pattern in crawler-user-agents.json",
    )
    yield "crawler-user-agents", (header, rows)


def crawlerdetect(archive: Path) -> Iterator[tuple[str, tuple[str, list]]]:
    licence = "MIT, (c) JayBizzle (Crawler-Detect) and the crawlerdetect authors"
    for kind, verdict in (("crawlers", "bot"), ("devices", "human")):
        text = member(archive, f"fixtures/user_agent/{kind}.txt").decode("utf-8", "replace")
        lines = text.splitlines()
        what = f"tests/fixtures/user_agent/{kind}.txt"
        if kind == "devices":
            lines = [line for line in lines if BROWSER_STRING.match(line)]
            what += ", its browser strings (Mozilla/, Opera/)"
        rows = [(verdict, line, "") for line in lines]
        header = about("crawlerdetect", "PyPI", licence, what)
        yield f"crawlerdetect-{kind}", (header, rows)


def matomo(archive: Path, lib: Path) -> Iterator[tuple[str, tuple[str, list]]]:
    sys.path.insert(0, str(lib))
    import yaml  # installed in the temporary directory by download()

    licence = "LGPL-3.0-or-later, (c) Matomo (matomo-org/device-detector) via device_detector"
    bots, apps, people = [], [], []
    for name, content in members(archive, r"tests/fixtures/upstream/[^/]+\.yml$"):
        for entry in yaml.load(content, Loader=yaml.CSafeLoader) or []:
            ua = str(entry.get("user_agent") or "")
            if name == "bots.yml":
                bot = entry.get("bot") or {}
                bots.append(("bot", ua, f"{bot.get('category') or ''}: {bot.get('name', '')}"))
                continue
            verdict, note = matomo_verdict(entry)
            (people if verdict == "human" else apps).append((verdict, ua, f"{name}: {note}"))
    where = "tests/fixtures/upstream/"
    yield "matomo-bots", (about("device-detector", "PyPI", licence, where + "bots.yml"), bots)
    yield (
        "matomo-apps",
        (about("device-detector", "PyPI", licence, where + "*.yml, apps' own clients"), apps),
    )
    yield (
        "matomo-devices",
        (about("device-detector", "PyPI", licence, where + "*.yml, browsers"), people),
    )


def matomo_verdict(entry: dict) -> tuple[str, str]:
    """Human for a browser or a web view, bot for an app's own HTTP client (see README)."""
    ua = str(entry.get("user_agent") or "")
    client = entry.get("client") if isinstance(entry.get("client"), dict) else {}
    device = entry.get("device") if isinstance(entry.get("device"), dict) else {}
    kind = client.get("type") or ""
    note = f"{kind or 'no client'} {client.get('name') or ''}, {device.get('type') or '-'}"
    if kind == "browser" or (WEB_ENGINE.search(ua) and kind not in MATOMO_FETCHERS):
        return "human", note
    if not kind and device.get("type") in MATOMO_PEOPLE_DEVICES:
        return "human", note
    return "bot", note


def intoli(archive: Path) -> Iterator[tuple[str, tuple[str, list]]]:
    entries = json.loads(member(archive, "dist/user-agents.json"))
    rows = [("human", e["userAgent"], e.get("deviceCategory", "")) for e in entries]
    header = about(
        "user-agents", "npm", "BSD-2-Clause, (c) Intoli, LLC", "dist/user-agents.json userAgent"
    )
    yield "intoli-user-agents", (header, rows)


def top_user_agents(archive: Path) -> Iterator[tuple[str, tuple[str, list]]]:
    rows = []
    for part in ("desktop", "mobile", "index"):
        rows += [("human", ua, part) for ua in json.loads(member(archive, f"src/{part}.json"))]
    header = about(
        "top-user-agents", "npm", "MIT, (c) Kiko Beats (microlink)", "src/{desktop,mobile}.json"
    )
    yield "top-user-agents", (header, rows)


# --- clean, sample, correct, write ---------------------------------------------------------


def unique(rows: Iterable[Row]) -> list[Row]:
    """One row per user agent; rows that a TSV line cannot hold are left out."""
    seen: dict[str, Row] = {}
    for verdict, ua, note in rows:
        if ua.strip() and not re.search(r"[\t\r\n\x00]", ua) and not ua.startswith("#"):
            seen.setdefault(ua, (verdict, ua, note.replace("\t", " ").strip()))
    return list(seen.values())


def sample(name: str, rows: list[Row]) -> list[Row]:
    size = SAMPLE.get(name)
    if size is not None and len(rows) > size:
        rows = sorted(rows, key=lambda r: hashlib.sha256(r[1].encode()).hexdigest())[:size]
    return sorted(rows, key=lambda r: r[1])


def read_corrections() -> list[tuple[str, str, re.Pattern[str], str]]:
    """Rows of corrections.tsv: source, expected verdict, regex on the user agent, reason."""
    found = []
    for line in (CORPUS / "corrections.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            source, expected, pattern, reason = line.split("\t")
            found.append((source, expected, re.compile(pattern), reason))
    return found


def correct(name: str, rows: list[Row], corrections: list) -> tuple[list[Row], int]:
    fixed, out = 0, []
    for verdict, ua, note in rows:
        for source, expected, pattern, reason in corrections:
            if source == name and pattern.search(ua) and expected != verdict:
                verdict, note, fixed = expected, f"corrected: {reason}", fixed + 1
                break
        out.append((verdict, ua, note))
    return out, fixed


def write(path: Path, header: str, rows: list[Row]) -> None:
    lines = [
        f"# {header}",
        "# Written by scripts/refresh_user_agents.py; do not edit: see README.md, corrections.tsv",
        "# expected\tuser agent\tnote",
    ]
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
