"""Scores: what an ambassador's sharing adds up to, read from rollups, never from raw clicks.

- `shares`: a press on a share button (`record_share`: stored, the first per variant and day
  scores, refused for a kit not meant for the ambassador) and what shares add to the rollups
  (`add_shares`).
- `leaderboards`: ranks among ambassadors (ties share a rank, names only for those who opted
  in): the board an ambassador asks for (`board_for`, the portal page and the API) and the
  public block's query (`public_leaderboard`: this month's top, opted-in names only).
- `stats`: an ambassador's own figures: by week, story and network, ranks and the streak of
  active weeks.

Score = human clicks + RELAIS_SHARE_WEIGHT × shares, kept in `AmbassadorTally` rows keyed by
`sharekits.periods`. Scores may import kits and clicks (and the models and periods below them);
kits, links and clicks never import scores.
"""
