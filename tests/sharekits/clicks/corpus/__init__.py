"""Real user agents and the verdict Relais expects for each, by source (see README.md here).

Each source is one TSV file written by scripts/refresh_user_agents.py: comment lines start
with "#", then one line per user agent: expected verdict, user agent, note.
"""

from pathlib import Path

HERE = Path(__file__).parent
NOT_A_SOURCE = {"corrections.tsv"}

Entry = tuple[str, str, str]  # expected verdict, user agent, note


def read_source(path: Path) -> list[Entry]:
    """The entries of one source file."""
    entries = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line and not line.startswith("#"):
            expected, user_agent, note = line.split("\t")
            entries.append((expected, user_agent, note))
    return entries


def sources() -> dict[str, list[Entry]]:
    """Every source of the corpus by name (the file name without .tsv)."""
    return {
        path.stem: read_source(path)
        for path in sorted(HERE.glob("*.tsv"))
        if path.name not in NOT_A_SOURCE
    }
