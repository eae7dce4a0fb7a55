#!/usr/bin/env bash
# run-example.sh BACKEND PROGRAM [EXPECTED_LINE]
# Runs an example against one backend (the URL comes from the same environment as the
# Qt Test suites) and, if given, checks that it printed EXPECTED_LINE exactly.
set -euo pipefail
backend=$1 program=$2 expected=${3:-}

case $backend in
  sqlite)
    dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
    url="sqlite:///$dir/example.db" ;;
  postgresql) url=${QUARRY_TEST_POSTGRESQL_URL:-} ;;
  mariadb)    url=${QUARRY_TEST_MARIADB_URL:-} ;;
esac
if [[ -z $url ]]; then
  if [[ ${QUARRY_TEST_REQUIRE_ALL_BACKENDS:-} == 1 ]]; then
    echo "QUARRY: $backend example NOT RUN: no server URL in the environment" >&2; exit 1
  fi
  echo "QUARRY: $backend example skipped: no server URL (run under tests/servers/with-servers.sh)"
  exit 0
fi

output=$("$program" "$url")
echo "$output"
if [[ -n $expected ]] && ! grep -qxF -- "$expected" <<<"$output"; then
  echo "expected the line: $expected" >&2; exit 1
fi
