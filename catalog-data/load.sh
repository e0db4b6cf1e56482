#!/usr/bin/env bash
# Loads the deterministic product catalog into a cachegate PostgreSQL database.
#
#   catalog-data/load.sh --jdbc-url jdbc:postgresql://localhost:5432/cachegate --count 5m
#
# Runs dev.cachegate.catalogdata.CatalogDataCli from the application jar, building the jar first
# (./mvnw -q -pl app -am -DskipTests package) when there is none or it predates the catalog-data sources.
# Works from any directory. Uses $JAVA_HOME/bin/java when JAVA_HOME is set (JDK 21 or newer).
# All arguments go to the CLI: see catalog-data/README.md or run with --help.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

java_cmd="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
java_version="$("$java_cmd" -version 2>&1 | head -n 1 || true)"
java_major="$(sed -E 's/^[^"]*"([0-9]+).*/\1/' <<<"$java_version")"
if [[ "$java_major" =~ ^[0-9]+$ ]] && (( java_major < 21 )); then
  echo "catalog-data: needs Java 21 or newer but $java_cmd is: $java_version (set JAVA_HOME)" >&2
  exit 1
fi

newest_jar() {
  local jar newest=""
  for jar in app/target/cachegate-*.jar; do
    [[ -f "$jar" ]] || continue
    if [[ -z "$newest" || "$jar" -nt "$newest" ]]; then
      newest="$jar"
    fi
  done
  printf '%s' "$newest"
}

jar="$(newest_jar)"
if [[ -z "$jar" ]] || [[ -n "$(find catalog-data/src/main -name '*.java' -newer "$jar" -print -quit)" ]]; then
  echo "catalog-data: building the cachegate jar (./mvnw -q -pl app -am -DskipTests package) ..." >&2
  ./mvnw -q -pl app -am -DskipTests package
  jar="$(newest_jar)"
  if [[ -z "$jar" ]]; then
    echo "catalog-data: the build produced no app/target/cachegate-*.jar in $repo_root" >&2
    exit 1
  fi
fi

exec "$java_cmd" -cp "$jar" dev.cachegate.catalogdata.CatalogDataCli "$@"
