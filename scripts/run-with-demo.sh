#!/bin/sh
# Starts `vigil demo` (the synthetic ML service on :8000) beside `vigil run`, and stops the
# demo by its PID when Vigil exits.
set -u
bin=$1
shift
"$bin" demo &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null; wait "$demo_pid" 2>/dev/null' EXIT INT TERM
echo "Vigil: open http://localhost:3000 (the ML service dashboard fills within a minute)"
"$bin" run "$@"
