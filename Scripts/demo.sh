#!/usr/bin/env bash
# The README's first command (`make demo`): a workspace made from Fixtures,
# the gate run on every bundled photo, and a summary of where things went.
set -euo pipefail
bin=${CONSENTGATE_BIN:-.build/debug/consentgate}
ws=${1:-demo}
account=$(id -un)

rm -rf "$ws"
"$bin" --workspace "$ws" init --from Config --school-name "Hillside Primary School" --logo Config/logo.png
"$bin" --workspace "$ws" register import Fixtures/register/register.csv | head -1
"$bin" --workspace "$ws" staff add DEMO --account "$account" --channels facebook,website --name "Demo publisher ($account)"
echo

for photo in Fixtures/photos/*; do
    stem=$(basename "${photo%.*}")
    manifest=$(ls Fixtures/manifests/"$stem".{yaml,json} 2>/dev/null | head -1 || true)
    if [ -n "$manifest" ]; then
        "$bin" --workspace "$ws" submit "$photo" --manifest "$manifest" || [ $? -eq 3 ]
    else
        # No manifest: the gate reads who is pictured from the photo's own tags.
        "$bin" --workspace "$ws" submit "$photo" || [ $? -eq 3 ]
    fi
done

echo
"$bin" --workspace "$ws" ledger verify
approved=$(find "$ws/published" -type f | wc -l)
rejected=$(find "$ws/rejected" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "$approved approved: derivatives in $ws/published/<channel>/, originals (private) in $ws/archive/"
echo "$rejected rejected: each original with reasons.txt and reasons.json in $ws/rejected/<date>-<id>/"
