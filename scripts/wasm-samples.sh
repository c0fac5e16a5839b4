#!/usr/bin/env bash
# Regenerates the committed .wasm beside every .wat of the contract samples and the hostile test
# modules (needs wat2wasm from wabt: `apt-get install wabt`). The build itself never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in exec-lanes/src/main/resources/io/multilane/exec/program/wasm/samples \
           exec-lanes/src/test/resources/io/multilane/exec/program/wasm/hostile; do
  for wat in "$dir"/*.wat; do
    wat2wasm --disable-bulk-memory --disable-reference-types --disable-multi-value "$wat" -o "${wat%.wat}.wasm"
    echo "${wat%.wat}.wasm $(wc -c < "${wat%.wat}.wasm") bytes"
  done
done
