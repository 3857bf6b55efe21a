#!/usr/bin/env bash
# Usage: scripts/port-free.sh PORT NAME
# Exits 0 when nothing listens on TCP PORT. Otherwise prints which process holds it and exits 1,
# so a Make target can refuse to start NAME instead of failing later with EADDRINUSE.
set -euo pipefail

if [[ $# -ne 2 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 PORT NAME" >&2
  exit 2
fi
port=$1
name=$2

holder=""
if command -v ss >/dev/null 2>&1; then
  # -H: no header; the filter keeps only listeners on this exact port (IPv4 and IPv6).
  lines=$(ss -H -ltnp "sport = :$port" 2>/dev/null || true)
  if [[ -n "$lines" ]]; then
    # users:(("node",pid=1234,fd=21)) -> node (pid 1234)
    holder=$(grep -o 'users:(([^)]*))' <<<"$lines" | head -n 1 |
      sed -E 's/users:\(\("([^"]*)",pid=([0-9]+).*/\1 (pid \2)/')
    [[ -n "$holder" ]] || holder="a process this user cannot see"
  fi
elif command -v lsof >/dev/null 2>&1; then
  line=$(lsof -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | awk 'NR==2 {print $1 " (pid " $2 ")"}')
  [[ -z "$line" ]] || holder=$line
elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  holder="an unknown process (install iproute2 for its name)"
fi

if [[ -n "$holder" ]]; then
  echo "Cannot start $name: port $port is already in use by $holder." >&2
  if [[ "$holder" =~ pid\ ([0-9]+) ]]; then
    cmd=$(ps -o args= -p "${BASH_REMATCH[1]}" 2>/dev/null | cut -c1-160 || true)
    [[ -z "$cmd" ]] || echo "  command: $cmd" >&2
  fi
  echo "Stop it, or choose another port." >&2
  exit 1
fi
exit 0
