"""Clicks: what happens to a click on a personal link after the redirect.

Capture, on the hot path, turns a click into a record holding nothing that identifies the
person and hands it over without waiting: a sender thread appends it to a Redis stream, or the
click goes to a local spool file when Redis is absent or down. The drain, a Celery task every
10 s, applies the stream and the spool to the tallies exactly once. Retention deletes what is
past its time.

Modules:
    record     the click record: its fields, packing it, the one parser (and old shapes)
    classify   the verdict (human, preview, bot) and family of a user agent
    visitors   visitor and network-address hashes, their daily secret, their stored keys
    selfclick  the signed cookie that marks an ambassador's own clicks
    stream     the Redis client and the stream's name
    spool      the local spool files
    capture    hand_over_click, and the per-process sender thread
    tallies    ClickKind, applying clicks to ClickTally and the leaderboard rollups
    sql        the drain's batch upserts; the visitors and addresses it remembers for 48 h
    drain      the drain: its lock, its sources, its backlog
    retention  deleting click data past its retention limit

Imports: `sharekits.models`, `sharekits.periods`, `sharekits.conf`, `campaigns.models`, Django
and redis; never `sharekits.links`, `sharekits.kits` or `sharekits.scores` (`classify` still
reads the preview-fetcher list from `links.previews` until that list moves here).
"""
