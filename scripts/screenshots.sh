#!/usr/bin/env bash
# Regenerates the README's screenshots from the real playground: pyplay runs
# in tmux, capture-pane -e keeps its colors, and charmbracelet/freeze turns
# each capture into a PNG. Needs tmux and freeze
# (go install github.com/charmbracelet/freeze@latest).
#
#   scripts/screenshots.sh            # writes docs/screenshots/*.png
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
freeze=${FREEZE:-$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")}
[ -x "$freeze" ] || { echo "freeze not found: go install github.com/charmbracelet/freeze@latest" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux not found: apt-get install tmux" >&2; exit 2; }

work=$(mktemp -d)
trap 'tmux kill-session -t pyplay-shots 2>/dev/null || true; tmux kill-session -t pyplay-keep 2>/dev/null || true; rm -rf "$work"' EXIT
# Killing a server's last session shuts it down while the next new-session
# may be connecting ("server exited unexpectedly"): keep one session alive.
tmux new-session -d -s pyplay-keep 2>/dev/null || true
go build -o "$work/pyplay" .
# A history and a config of their own, so the shots do not depend on yours.
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"

wait_for() { # wait until the screen shows $1
  for _ in $(seq 200); do
    tmux capture-pane -t pyplay-shots -p | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "the screen never showed: $1" >&2; exit 1
}

shoot() { # theme, freeze background, file name, then keys to reach the state
  local theme=$1 bg=$2 name=$3
  shift 3
  tmux kill-session -t pyplay-shots 2>/dev/null || true
  tmux new-session -d -s pyplay-shots -x 100 -y 30 \
    "$work/pyplay --theme $theme testdata/examples/03_fuel_exhaustion.py"
  wait_for "● ready"
  "$@"
  tmux capture-pane -t pyplay-shots -p -e > "$work/$name.ansi"
  "$freeze" "$work/$name.ansi" -o "$out/$name.png" --window --padding 20 --font.size 12 --background "$bg" >/dev/null
  chmod 644 "$out/$name.png"
  echo "wrote $out/$name.png"
}

# Mid-run: the generous preset (5G fuel) keeps the loop going for seconds.
mid_run() {
  tmux send-keys -t pyplay-shots F3; wait_for "Limits"
  tmux send-keys -t pyplay-shots Down Enter; wait_for "limits changed"
  tmux send-keys -t pyplay-shots F5; wait_for "still going: 200000"
}
# After a fuel exhaustion under the default 400M.
after_exhaustion() {
  tmux send-keys -t pyplay-shots F5; wait_for "── stopped: fuel exhausted"
}

shoot default "#171717" dark-mid-run mid_run
shoot default "#171717" dark-fuel-exhausted after_exhaustion
shoot paper "#FFFFFF" light-mid-run mid_run
shoot paper "#FFFFFF" light-fuel-exhausted after_exhaustion
