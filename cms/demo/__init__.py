"""Demo data: a fictional territory, the Val d'Ormeau, to try Relais on a laptop.

- `content`: the demo's plain data (groups, campaigns, ambassadors, stories); no logic.
- `images`: drawn landscapes for the stories' hero images (no files in the repository).
- `seed`: `seed_demo()` creates what is missing and leaves the rest; safe to run twice.

Run it with `manage.py seed_demo`, which refuses production settings.
"""
