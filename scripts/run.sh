#!/usr/bin/env bash
# Start the web server, one Celery worker and Celery beat; Ctrl-C stops all three.
set -euo pipefail
VENV=${VENV:-.venv}
PORT=${PORT:-8000}
# Links, previews and e-mails point at the port actually used.
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
mkdir -p var
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$VENV/bin/celery" -A cms worker --loglevel=INFO --concurrency=2 --without-gossip --without-mingle &
pids+=($!)
"$VENV/bin/celery" -A cms beat --loglevel=INFO --schedule=var/celerybeat-schedule &
pids+=($!)
"$VENV/bin/python" manage.py runserver --noreload "127.0.0.1:$PORT" &
pids+=($!)

cat <<MSG

  Relais is starting.
    Site:   http://127.0.0.1:$PORT/
    Admin:  http://127.0.0.1:$PORT/admin/
    Health: http://127.0.0.1:$PORT/healthz
  Demo logins (admin): communicant / relais-demo-2026 (communicator),
                       moderateur / relais-demo-2026 (moderator),
                       admin / relais-demo-2026 (superuser)
  Ctrl-C stops the web server, the worker and beat.

MSG
# Stop everything as soon as one of the three exits.
wait -n
