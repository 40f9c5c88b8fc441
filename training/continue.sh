#!/usr/bin/env bash
# Phase 2 of `npm run train`: continue both models from their phase-1 checkpoints.
# tiny-gpt gets an induction curriculum (a quarter of every batch is repeated random-token rows);
# tiny-bert simply trains longer on the same corpus. Fresh AdamW, short warmup, cosine to 10%.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
CK=training/checkpoints
cp "$CK/tiny-gpt.pt" "$CK/tiny-gpt-phase1.pt"
"$PY" training/train.py --model gpt --init-from "$CK/tiny-gpt-phase1.pt" --copy-share 0.25 --steps 2500 --lr 1e-3 --warmup 50 --export-every 8
cp "$CK/tiny-bert.pt" "$CK/tiny-bert-phase1.pt"
"$PY" training/train.py --model bert --init-from "$CK/tiny-bert-phase1.pt" --steps 1500 --lr 1e-3 --warmup 50 --export-every 8
