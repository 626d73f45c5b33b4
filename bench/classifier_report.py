"""Click classifier on the curated user agents: counts, precision, recall, cost per call.

Run from the project root: .venv/bin/python bench/classifier_report.py
"Not human" is BOT, PREVIEW or SUSPECT. Uncached cost: every agent classified once after the
cache is cleared, best of five rounds; human agents alone are the worst case, since only they go
through every rule. Cached cost: the same agents again, answered from the LRU cache.
"""

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharekits.clicks.classify import CLASSIFIER_VERSION, Verdict, classify_user_agent  # noqa: E402
from tests.sharekits.clicks.user_agents import USER_AGENTS  # noqa: E402

NOT_HUMAN = {Verdict.BOT, Verdict.PREVIEW, Verdict.SUSPECT}
ROUNDS = 5
CACHED_REPEATS = 200


def _per_call_us(*, cached: bool, only: Verdict | None = None) -> float:
    agents = [ua for ua, expected, _ in USER_AGENTS if only in (None, expected)]
    best = float("inf")
    for _ in range(ROUNDS):
        classify_user_agent.cache_clear()
        if cached:
            for ua in agents:
                classify_user_agent(ua)
        repeats = CACHED_REPEATS if cached else 1
        start = time.perf_counter()
        for _ in range(repeats):
            for ua in agents:
                classify_user_agent(ua)
        best = min(best, (time.perf_counter() - start) / (repeats * len(agents)))
    return best * 1e6


def main() -> None:
    classify_user_agent.cache_clear()
    rows = Counter()
    true_pos = false_pos = false_neg = 0
    wrong = []
    for ua, expected, note in USER_AGENTS:
        verdict, _ = classify_user_agent(ua)
        rows[(expected, verdict)] += 1
        flagged, should = verdict in NOT_HUMAN, expected in NOT_HUMAN
        true_pos += flagged and should
        false_pos += flagged and not should
        false_neg += should and not flagged
        if verdict != expected:
            wrong.append(f"  {note}: expected {expected}, got {verdict}")
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0

    print(f"classifier version {CLASSIFIER_VERSION}, {len(USER_AGENTS)} curated user agents")
    print(f"{'expected':<10}" + "".join(f"{v:>9}" for v in Verdict) + f"{'total':>9}")
    for expected in Verdict:
        counts = [rows[(expected, got)] for got in Verdict]
        if sum(counts):
            print(f"{expected:<10}" + "".join(f"{c:>9}" for c in counts) + f"{sum(counts):>9}")
    print(f"not-human precision {precision:.3f}, recall {recall:.3f}")
    if wrong:
        print(*wrong, sep="\n")
    uncached, cached = _per_call_us(cached=False), _per_call_us(cached=True)
    worst = _per_call_us(cached=False, only=Verdict.HUMAN)
    print(f"per call, all agents: uncached {uncached:.0f} µs, cached {cached:.2f} µs")
    print(
        f"per call, human agents (every rule runs, crawlerdetect included): uncached {worst:.0f} µs"
    )


if __name__ == "__main__":
    main()
