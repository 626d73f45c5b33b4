"""The maintained robot lists, read from their packages and checked in about ten microseconds.

Three lists kept up to date by others, pinned in requirements.txt, each used as its own
library uses it:
- crawlerdetect (MIT, a port of JayBizzle/Crawler-Detect): ~1,500 case-insensitive patterns,
  searched once its "exclusions" (browser tokens such as "Safari/537.36") are taken out;
- crawler-user-agents (MIT, monperrus/crawler-user-agents): ~1,500 case-sensitive patterns;
- Matomo's bots.yml (LGPL-3.0-or-later), shipped by device-detector, its Python port: ~850
  case-insensitive patterns that start the user agent or follow a character that is not a
  letter, digit, "-" or "_", and a few whole user agents ("url", "Zeus"...).

Searched one after the other, these ~3,800 patterns cost milliseconds per user agent. So each
pattern is parsed once, at import, for the literal strings one of which any match contains
("Googlebot\\/[\\d.]+" needs "googlebot/"; "(?:crawl|spider)" needs "crawl" or "spider"). An
Aho-Corasick automaton (ahocorasick-rs) finds those strings in the lower-cased user agent in
one pass, and only the patterns whose string is there run. The few patterns with no such
string run every time. Matomo's long "a|b|c" entries are cut into their alternatives, so that
each needs its own string; patterns are compiled the first time they run.
tests/sharekits/clicks/test_robot_lists.py checks that this flags exactly what the three
libraries flag.
"""

import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources import files
from urllib.parse import unquote

import ahocorasick_rs
import regex
import yaml_rs
from crawlerdetect.providers.crawlers import data as crawlerdetect_patterns
from crawlerdetect.providers.exclusions import data as crawlerdetect_exclusions
from crawleruseragents import CRAWLER_USER_AGENTS_DATA

MIN_NEEDLE = 3  # shorter strings are in too many user agents to spare any work
MATOMO_BOUNDED = r"(?:^|[^A-Z0-9_-]|[^A-Z0-9-]_|sprd-|MZ-)(?:{})"
# device_detector.parser.device.bot.GENERIC_BOT_UAS: whole user agents, lower-cased
MATOMO_WHOLE = {"chrome", "firefox", "abcd", "dark", "kvshclient", "node.js", "report runner"}
MATOMO_WHOLE |= {"url", "zeus", "zmeu", "google"}


@dataclass
class Pattern:
    source: str
    raw: str  # as the list writes it: the needles are read from it
    text: str  # as it is compiled
    flags: int
    compile: Callable[[str, int], object]
    name: str = ""  # Matomo's bot name, may refer to a group ("\\g<1>")
    excluded: bool = False  # crawlerdetect: search once the exclusions are taken out
    compiled: object = None

    def search(self, user_agent: str):
        if self.compiled is None:  # compiled on first use: most never run
            self.compiled = self.compile(self.text, self.flags)
        return self.compiled.search(user_agent)


def _patterns() -> list[Pattern]:
    found = [
        Pattern("crawlerdetect", p, p, re.I, re.compile, excluded=True)
        for p in crawlerdetect_patterns
    ]
    found += [
        Pattern("crawler-user-agents", e["pattern"], e["pattern"], 0, re.compile)
        for e in CRAWLER_USER_AGENTS_DATA
    ]
    bots = yaml_rs.loads((files("device_detector") / "regexes/upstream/bots.yml").read_text())
    for entry in bots:
        name = str(entry.get("name") or "")
        # A long "a|b|c" is cut into its alternatives, so that only the ones whose needle is
        # found run; not when the name refers to a group, whose number would change.
        whole = unquote(entry["regex"])
        for part in [whole] if "\\g<" in name else alternatives(whole):
            # After the bounded prefix, "^" holds only where the prefix took nothing: at the
            # start. Without the prefix the engine knows it and tries no other place.
            text = part if part.startswith("^") else MATOMO_BOUNDED.format(part)
            found.append(Pattern("matomo", part, text, regex.I, regex.compile, name=name))
    return found


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern: "a|(b|c)|d" gives "a", "(b|c)" and "d"."""
    parts, start, depth, in_class, escaped = [], 0, 0, False, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]" or pattern[i - 1] == "[" or pattern[i - 2 : i] == "[^"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


# --- which literal strings a pattern needs ------------------------------------------------

_PLAIN = re.compile(r"\^?(?:[^\\^$.|?*+()\[\]{}]|\\[^\w])+")  # "^Googlebot\/" and the like
_REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    sre_constants.POSSESSIVE_REPEAT,
}


def needles(pattern: str) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of `pattern` contains; None if none."""
    if _PLAIN.fullmatch(pattern):  # most patterns are a name: no need to parse them
        found = frozenset([re.sub(r"\\(.)", r"\1", pattern.lstrip("^")).lower()])
        return found if min(map(len, found)) >= MIN_NEEDLE else None
    try:
        items = list(sre_parse.parse(pattern))
    except (re.error, OverflowError, RecursionError):
        return None
    found = _best(items)
    return found if found and min(map(len, found)) >= MIN_NEEDLE else None


def _best(items: Iterable) -> frozenset[str] | None:
    """The best set of needles of a sequence: its longest literal run, or a required branch."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in _flat(items):
        if op is sre_constants.LITERAL:
            run.append(chr(av).lower())
            continue
        if op is sre_constants.BRANCH and run and (heads := _heads(av[1])):
            # "(?:BuiltWith|BW/)" parses as "B(?:uiltWith|W/)": keep the "B" on each side
            options.append(frozenset("".join(run) + head for head in heads))
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        if op is sre_constants.BRANCH:
            alternatives = [_best(list(alt)) for alt in av[1]]
            if alternatives and all(alternatives):
                options.append(frozenset().union(*alternatives))
        elif op in _REPEATS and av[0] >= 1 and (inner := _best(list(av[2]))):
            options.append(inner)
    if run:
        options.append(frozenset(["".join(run)]))
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def _heads(alternatives) -> list[str] | None:
    """The literal run that starts each alternative of a branch, if each starts with one."""
    heads = []
    for alternative in alternatives:
        head = []
        for op, av in _flat(alternative):
            if op is not sre_constants.LITERAL:
                break
            head.append(chr(av).lower())
        if not head:
            return None
        heads.append("".join(head))
    return heads


def _flat(items: Iterable):
    """The items of a sequence with its groups opened: "(?:Google)bot" reads "Googlebot"."""
    for op, av in items:
        if op is sre_constants.SUBPATTERN:
            yield from _flat(av[3])
        elif op is sre_constants.ATOMIC_GROUP:
            yield from _flat(av)
        else:
            yield op, av


# --- the matcher ----------------------------------------------------------------------------


class RobotLists:
    """All patterns of the three lists behind one Aho-Corasick pass."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        by_needle: dict[str, list[int]] = {}
        self.always: list[int] = []
        for index, pattern in enumerate(patterns):
            found = needles(pattern.raw)
            if found is None:
                self.always.append(index)
            for needle in found or ():
                by_needle.setdefault(needle, []).append(index)
        self.needles = list(by_needle)
        self.candidates = [tuple(by_needle[n]) for n in self.needles]
        self.automaton = ahocorasick_rs.AhoCorasick(self.needles)
        self.exclusions = re.compile("|".join(crawlerdetect_exclusions), re.I)

    def match(self, user_agent: str) -> tuple[str, str] | None:
        """(list, name of the robot) of the first pattern that matches, or None."""
        lowered = user_agent.lower()
        if lowered.strip() in MATOMO_WHOLE:
            return "matomo", user_agent.strip()
        hits = self.automaton.find_matches_as_indexes(lowered, overlapping=True)
        indexes = set(self.always)
        for needle, _, _ in hits:
            indexes.update(self.candidates[needle])
        excluded = None
        for index in sorted(indexes):
            pattern = self.patterns[index]
            text = user_agent
            if pattern.excluded:
                if excluded is None:
                    excluded = self.exclusions.sub("", user_agent.strip())
                text = excluded
            if text and (found := pattern.search(text)):
                return pattern.source, _name(pattern, found)
        return None


def _name(pattern: Pattern, found) -> str:
    if pattern.name:
        try:
            return found.expand(pattern.name)
        except (IndexError, TypeError, regex.error, re.error):
            return pattern.name
    return next((g for g in found.groups() if g), None) or found.group(0)


ROBOT_LISTS = RobotLists(_patterns())
