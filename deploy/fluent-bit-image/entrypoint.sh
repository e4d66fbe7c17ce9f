#!/bin/sh
# Entry point of Dockerfile.fluent-bit (child of tini): runs Fluent Bit and stops things in the
# order that loses nothing (docs/fluent-bit.md §4).
#
# On SIGTERM/SIGINT: errenrich is signalled FIRST. It writes what it holds and exits 0; Fluent
# Bit's exec input reads those last lines, sees EOF and, with Exit_After_Oneshot On, stops by
# itself after flushing its outputs. If Fluent Bit is still running ERRENRICH_STOP_TIMEOUT
# seconds later (or no errenrich was found), it gets SIGTERM too. The waiting is done here, in
# the foreground: nothing is left behind that could later signal a PID reused by another process.
# Fluent Bit's exit status (errenrich's, with Propagate_Exit_Code On) becomes ours.
#
# ERRENRICH_CMDLINE: how errenrich's command line starts (tests run it from elsewhere).
set -u
[ "$#" -gt 0 ] || set -- /opt/fluent-bit/bin/fluent-bit -c /etc/fluent-bit/fluent-bit.conf
errenrich_cmdline=${ERRENRICH_CMDLINE:-node /app/dist/bin/errenrich.cjs}

"$@" &
main=$!

signal_errenrich() {
  found=1
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [ "$pid" = "$main" ] && continue
    cmd=$( { tr '\000' ' ' < "$d/cmdline"; } 2>/dev/null ) || continue
    case "$cmd" in
      "$errenrich_cmdline"*) kill -TERM "$pid" 2>/dev/null && found=0 ;;
    esac
  done
  return "$found"
}

# Running and not yet a zombie (a zombie still answers kill -0 until it is waited for).
main_running() {
  state=$( { sed 's/.*) //' "/proc/$main/stat" | cut -c1; } 2>/dev/null ) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

stop_deadline=
on_signal() {
  trap '' TERM INT
  if signal_errenrich; then
    stop_deadline=$(( $(date +%s) + ${ERRENRICH_STOP_TIMEOUT:-10} ))
  else
    kill -TERM "$main" 2>/dev/null
  fi
}
trap on_signal TERM INT

# `wait` returns early (status > 128) when a trapped signal arrives; then Fluent Bit is given
# until the deadline to exit by itself, and waited for again for its real exit status. 127 from
# a pid that is gone means its status was already collected.
rc=127
while :; do
  wait "$main"
  st=$?
  if [ -n "$stop_deadline" ]; then
    while main_running && [ "$(date +%s)" -lt "$stop_deadline" ]; do sleep 0.2; done
    main_running && kill -TERM "$main" 2>/dev/null
    stop_deadline=
    continue
  fi
  if [ "$st" = 127 ] && ! kill -0 "$main" 2>/dev/null; then break; fi
  rc=$st
  [ "$st" -gt 128 ] && kill -0 "$main" 2>/dev/null && continue
  break
done
exit "$rc"
