#!/bin/sh
# Remote-write throughput of one Vigil: build a backlog with the receiver down, then let
# the queue drain it into a loopback sink and report samples/s and CPU per sample.
#   Benchmarks/remote-write/run.sh [SERIES] [BACKLOG_SECONDS] [VIGIL_BINARY]
# Needs python3. Everything listens on 127.0.0.1 and is stopped by PID at the end.
set -eu
SERIES=${1:-20000}
BACKLOG=${2:-60}
VIGIL=${3:-.build/release/vigil}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
VP=39301; EP=39302; SP=39303
trap 'kill $VPID $EPID ${SPID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

cat > "$WORK/vigil.yml" <<YML
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: bench
    static_configs: [{targets: ['127.0.0.1:$EP']}]
remote_write:
  - url: http://127.0.0.1:$SP/api/v1/write
    name: sink
    queue_config: {min_backoff: 50ms, max_backoff: 200ms}
YML
python3 "$HERE/exposition.py" $EP "$SERIES" & EPID=$!
"$VIGIL" run --config "$WORK/vigil.yml" --data "$WORK/data" --listen 127.0.0.1:$VP --log.level warn 2>"$WORK/vigil.log" & VPID=$!
sleep "$BACKLOG"
# Stop scraping (the remote_write entry is unchanged, so its queue keeps its position).
sed -i '/scrape_configs/,/static_configs/d' "$WORK/vigil.yml"
curl -s -X POST http://127.0.0.1:$VP/-/reload >/dev/null
kill $EPID
sleep 2
metric() { curl -s http://127.0.0.1:$VP/metrics | awk -v m="$1" 'index($0, m"{")==1 {print $2}'; }
cpu() { awk '{print $14 + $15}' /proc/$VPID/stat; }
START_CPU=$(cpu); START=$(date +%s.%N)
python3 "$HERE/sink.py" $SP > "$WORK/sink.out" & SPID=$!
# Every sample appended since the queue started is to be sent; none was before now.
# Drained when the queue has read all of them and nothing is pending.
APPENDED=$(curl -s http://127.0.0.1:$VP/metrics | awk '/^vigil_storage_samples_appended_total/ {print $2}')
while :; do
    IN=$(metric vigil_remote_storage_samples_in_total); PEND=$(metric vigil_remote_storage_samples_pending)
    [ "${IN%.*}" -ge "${APPENDED%.*}" ] && [ "${PEND%.*}" = 0 ] && break
    sleep 0.2
done
END=$(date +%s.%N); END_CPU=$(cpu)
kill -TERM $SPID; wait $SPID || true
TICKS=$(getconf CLK_TCK)
python3 - "$APPENDED" "$START" "$END" "$START_CPU" "$END_CPU" "$TICKS" "$(cat "$WORK/sink.out")" <<'PY'
import sys
sent, start, end, c0, c1, ticks, sink = sys.argv[1:]
sent = float(sent); wall = float(end) - float(start); cpu = (float(c1) - float(c0)) / float(ticks)
print(f"drained {sent:.0f} samples in {wall:.2f} s: {sent / wall:,.0f} samples/s; "
      f"CPU {cpu:.2f} s = {cpu / sent * 1e9:.0f} ns/sample; sink {sink}")
PY
