# Sourced by the bench scripts: measure LABEL COMMAND... runs the command under /usr/bin/time and
# prints wall time, CPU (user + system) and peak RSS, then the compute time the command itself
# reported, if any. Expects $out, a scratch folder; the command's stderr is kept in $out/log.
measure() {
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" 2>"$out/log" >/dev/null
  read -r wall user sys rss <"$out/time"
  printf '%-14s wall %6.2f s   cpu %6.2f s   peak RSS %7.1f MiB   ' "$label" "$wall" "$(echo "$user + $sys" | bc)" \
    "$(echo "scale=1; $rss / 1024" | bc)"
  tr '\r' '\n' <"$out/log" | grep -E 'computed in|indicators in' | sed 's/.*\(in [0-9.]* *s\).*/compute \1/' || echo
}
