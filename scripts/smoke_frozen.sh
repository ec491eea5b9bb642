#!/usr/bin/env bash
# Smoke test of the frozen (PyInstaller) build: build it, then use it as a practitioner's
# laptop would, with no source tree and no network.
#
#   bash scripts/smoke_frozen.sh            # builds with `make build`, then runs the checks
#   SKIP_BUILD=1 bash scripts/smoke_frozen.sh   # re-use an existing dist/ build
#
# Checks: the demo database is created; a DCSM report is exported and holds the marking;
# the window opens offscreen on that database and exits 0; the app's own installation check
# passes (forms, UK time, encryption, report fonts, JPEG and HEIC photos, and the Map page
# drawn by Qt WebEngine with no network). Prints one line per check and
# "N passed, N failed" at the end; exits non-zero if any check failed. Results are recorded
# in docs/packaging.md.
set -uo pipefail
cd "$(dirname "$0")/.."
APP=dist/LocationAssessmentTool/LocationAssessmentTool
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export LAT_DATA_DIR="$WORK/userdata" QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    start=$(date +%s)
    make build >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; echo "build failed"; exit 1; }
    echo "build: $(( $(date +%s) - start )) s, $(du -sh dist/LocationAssessmentTool | cut -f1)"
fi

passed=0
failed=0
check() {  # check NAME COMMAND...
    local name=$1
    shift
    if "$@" >"$WORK/out.log" 2>&1; then
        echo "ok    $name"
        passed=$((passed + 1))
    else
        echo "FAIL  $name"
        tail -20 "$WORK/out.log"
        failed=$((failed + 1))
    fi
}

check "demo database created" "$APP" demo "$WORK/demo.sqlite3"
check "report exported" "$APP" export "$WORK/demo.sqlite3" --location "Brenchley Gardens" --out "$WORK/report.pdf"
check "report is a PDF with the marking" bash -c "head -c 5 '$WORK/report.pdf' | grep -q '%PDF-' && \
    \"$PWD/.venv/bin/python\" -c \"import sys; from pypdf import PdfReader; r = PdfReader(sys.argv[1]); \
    sys.exit(0 if all('OFFICIAL-SENSITIVE' in p.extract_text() for p in r.pages) else 1)\" '$WORK/report.pdf'"
check "window opens offscreen and exits 0" env LAT_BENCH_EXIT_ON_SHOWN=1 LAT_BENCH_T0="$(date +%s.%N)" \
    "$APP" --db "$WORK/demo.sqlite3"
printf 'correct horse battery staple 2026\n' >"$WORK/pass.txt"
check "encrypted demo created (SQLCipher bundled)" "$APP" demo "$WORK/enc.sqlite3" --passphrase-file "$WORK/pass.txt"
check "encrypted database exported with the passphrase file" "$APP" export "$WORK/enc.sqlite3" \
    --location "Brenchley Gardens" --out "$WORK/enc.pdf" --passphrase-file "$WORK/pass.txt"
check "redacted export" "$APP" export "$WORK/demo.sqlite3" --location "Brenchley Gardens" --out "$WORK/red.pdf" \
    --redacted
check "installation check: forms, time zone, encryption, fonts, HEIC, offline map" "$APP" check
check "bundled forms and fonts found (no source tree)" bash -c "cd '$WORK' && '$PWD/$APP' --help | grep -q demo"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
