#!/usr/bin/env bash
# Rebuild knowledge/seed and knowledge/reports from the shared source data with the project's own
# importer (`report-assistant import`). The cn_county_hailar_* district reports are the evaluation set: they are
# excluded here and must never enter knowledge/ (tests/test_knowledge_content.py checks it).
#   scripts/build_knowledge.sh [SHARED_DATA_DIR]      (default: ../shared/data next to the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
RA=${RA:-.venv/bin/report-assistant}
[ -x "$RA" ] || RA=report-assistant

rm -f knowledge/seed/*.md knowledge/reports/*.md
$RA import "$DATA/seed/000_db92b67709ff25bf.txt" --out knowledge/seed
$RA import "$DATA/real-reports" --out knowledge/reports \
  --meta-from "$DATA/real-reports/SOURCES.md" \
  --exclude 'cn_county_hailar_*'
# the real model's vectors for the new text, so a first start has its dense index at once
.venv/bin/python scripts/build_vector_pack.py
