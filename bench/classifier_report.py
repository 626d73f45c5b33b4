"""Click classifier on real user agents: robots set apart and people flagged, per source.

Run from the project root: .venv/bin/python bench/classifier_report.py
Sources: the corpus in tests/sharekits/clicks/corpus (see its README.md) and the curated set
of tests/sharekits/clicks/user_agents.py. A robot is set apart when its verdict is bot or
preview; a person is flagged when it is anything but human. Targets: at least 99.5 % of the
robots of each source set apart, at most 0.1 % of its people flagged.

Cost per call: cold is a user agent classified for the first time (the LRU cache cleared
before each round, every pattern already compiled), warm is a repeat answered by the cache;
best of three rounds each. The cache keeps 8,192 user agents: the people-only figure
uses a sample of 5,000 of them.
"""

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharekits.clicks.classify import CLASSIFIER_VERSION, Verdict, classify_user_agent  # noqa: E402
from tests.sharekits.clicks.corpus import sources  # noqa: E402
from tests.sharekits.clicks.user_agents import USER_AGENTS  # noqa: E402

ROUNDS = 3
WARM_REPEATS = 20
TARGETS = (0.995, 0.001)


def _per_call_us(agents: list[str], *, warm: bool) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        classify_user_agent.cache_clear()
        if warm:
            for ua in agents:
                classify_user_agent(ua)
        repeats = WARM_REPEATS if warm else 1
        start = time.perf_counter()
        for _ in range(repeats):
            for ua in agents:
                classify_user_agent(ua)
        best = min(best, (time.perf_counter() - start) / (repeats * len(agents)))
    return best * 1e6


def _row(name: str, entries: list[tuple[str, str, str]]) -> tuple[bool, list[str]]:
    robots = [ua for expected, ua, _ in entries if expected != "human"]
    people = [ua for expected, ua, _ in entries if expected == "human"]
    missed = sum(classify_user_agent(ua)[0] == Verdict.HUMAN for ua in robots)
    flagged = sum(classify_user_agent(ua)[0] != Verdict.HUMAN for ua in people)
    set_apart = 1 - missed / len(robots) if robots else None
    share = flagged / len(people) if people else None
    cold = _per_call_us([ua for _, ua, _ in entries], warm=False)
    warm = _per_call_us([ua for _, ua, _ in entries], warm=True)
    ok = (set_apart is None or set_apart >= TARGETS[0]) and (share is None or share <= TARGETS[1])
    print(
        f"{name:<24}{len(robots):>7}{_pct(set_apart, 2):>10}{len(people):>8}{_pct(share, 3):>10}"
        f"{cold:>9.1f}{warm:>8.2f}  {'ok' if ok else 'MISSED'}"
    )
    return ok, [name] if not ok else []


def _pct(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}%}"


def main() -> None:
    every = sources()
    every["relais-curated"] = [(str(v), ua, note) for ua, v, note in USER_AGENTS]
    for entries in every.values():  # compile every pattern the corpus needs once
        for _, ua, _ in entries:
            classify_user_agent(ua)
    total = sum(map(len, every.values()))
    print(f"classifier version {CLASSIFIER_VERSION}, {total} real user agents")
    print(
        f"{'source':<24}{'robots':>7}{'set apart':>10}{'people':>8}{'flagged':>10}"
        f"{'µs cold':>9}{'µs warm':>8}"
    )
    failures = []
    for name, entries in every.items():
        failures += _row(name, entries)[1]
    people = [ua for found in every.values() for expected, ua, _ in found if expected == "human"]
    people = random.Random(1).sample(people, 5000)
    print(
        f"people only (every rule runs): {_per_call_us(people, warm=False):.1f} µs cold, "
        f"{_per_call_us(people, warm=True):.2f} µs warm"
    )
    print("targets met on every source" if not failures else f"targets missed: {failures}")


if __name__ == "__main__":
    main()
