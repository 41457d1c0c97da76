#!/usr/bin/env bash
# Regenerates the README's screenshots from the real playground: pyplay runs
# in tmux, capture-pane -e keeps its colors, and charmbracelet/freeze turns
# each capture into a PNG. Needs tmux and freeze
# (go install github.com/charmbracelet/freeze@v0.2.2).
#
#   scripts/screenshots.sh            # writes docs/screenshots/*.png
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
freeze=${FREEZE:-$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")}
[ -x "$freeze" ] || { echo "freeze not found: go install github.com/charmbracelet/freeze@v0.2.2" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux not found: apt-get install tmux" >&2; exit 2; }

# A tmux server of the script's own, so that it neither meets nor ends the
# user's sessions; a second session keeps it up between the shots.
tm() { tmux -L pyplay-shots -f /dev/null "$@"; }
work=$(mktemp -d)
trap 'tm kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tm new-session -d -s keep
go build -o "$work/pyplay" .
# A history and a config of their own, so the shots do not depend on yours.
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"

wait_for() { # wait until the screen shows $1, for up to 30 s
  local i
  for i in $(seq 300); do
    tm capture-pane -t shot -p | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "the screen never showed: $1" >&2; exit 1
}

shoot() { # theme, freeze background, file name, then keys to reach the state
  local theme=$1 bg=$2 name=$3
  shift 3
  tm kill-session -t shot 2>/dev/null || true
  tm new-session -d -s shot -x 100 -y 30 \
    "env XDG_STATE_HOME=$XDG_STATE_HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME $work/pyplay --theme $theme"
  wait_for "● ready"
  # F2, the third example: fuel exhaustion, which brings its 25G units.
  tm send-keys -t shot F2; wait_for "Examples"
  tm send-keys -t shot Down Down Enter; wait_for "with its limits"
  "$@"
  tm capture-pane -t shot -p -e > "$work/$name.ansi"
  "$freeze" "$work/$name.ansi" -o "$out/$name.png" --window --padding 20 --font.size 12 --background "$bg" >/dev/null
  chmod 644 "$out/$name.png"
  echo "wrote $out/$name.png"
}

# Mid-run: the gauge fills over ~5 s; this is about two fifths of the way.
mid_run() {
  tm send-keys -t shot F5; wait_for "still going: 2000000"
}
# After the fuel ran out.
after_exhaustion() {
  tm send-keys -t shot F5; wait_for "── stopped: fuel exhausted"
}

shoot default "#171717" dark-mid-run mid_run
shoot default "#171717" dark-fuel-exhausted after_exhaustion
shoot paper "#FFFFFF" light-mid-run mid_run
shoot paper "#FFFFFF" light-fuel-exhausted after_exhaustion
