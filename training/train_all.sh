#!/usr/bin/env bash
# `npm run train`: rebuilds everything the shipped models are made of, from scratch, with fixed seeds, on the CPU:
# the corpus and tokenizer, tiny-gpt and tiny-bert (trained at the same time, one thread each), random-gpt, and the
# model card (npm run eval). The shipped weights were made by exactly these commands; see training/README.md for
# how long they take and on which machine.
#
#   PYTHON=/usr/bin/python3 npm run train      # a Python with PyTorch >= 1.13 (Debian: python3-torch)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
# Speed only: keep freed memory in the process instead of returning it to the kernel after every step
# (PyTorch on the CPU otherwise spends a third of its time in page faults). Results do not depend on it.
export MALLOC_MMAP_THRESHOLD_=2147483647 MALLOC_TRIM_THRESHOLD_=2147483647 MALLOC_TOP_PAD_=1073741824

npx tsx training/corpus/build.ts
npx tsx training/eval/prepare.ts
mkdir -p training/logs
"$PY" training/train.py --model gpt --steps 10000 --warmup 200 --threads 1 --copy-share 0.2 \
  --monitor --eval-every 250 --export-every 15 > training/logs/tiny-gpt.log 2>&1 &
GPT=$!
"$PY" training/train.py --model bert --steps 10000 --warmup 200 --threads 1 --mask-rate 0.2 --mask-split 0.7,0.15 \
  --mlm-visible 0.3 --monitor --eval-every 250 --export-every 15 > training/logs/tiny-bert.log 2>&1 &
BERT=$!
wait $GPT
wait $BERT
npx tsx scripts/make-random-model.ts
npx tsx scripts/eval.ts
