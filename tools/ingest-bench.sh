#!/usr/bin/env bash
# Ingest over HTTPS against a trivial echo endpoint of the same server, in the same run (a
# server on embedded stores in a temporary directory, on loopback): the ingest part of
# tools/bench.sh. Prints messages/s and p50/p99 latency for echo, single and batch ingest, and
# the ratio single/echo against its goal. `--quick` runs 4 s per scenario instead of 20.
exec "$(dirname "$0")/bench.sh" ingest "$@"
