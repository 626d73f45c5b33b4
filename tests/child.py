"""Run Python in a fresh interpreter of the project, for what only a new process shows."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def json_from_child(code: str, *, env: dict[str, str]):
    """Run `code` in a child interpreter from the project's root: the JSON of its last line."""
    child = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    return json.loads(child.stdout.strip().splitlines()[-1])
