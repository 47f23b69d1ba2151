#!/usr/bin/env bash
# Reports and signatures benchmark (issue 7): Ratebook generates and certifies the
# committee report of a stored titularización decision (`ratebook demo`: values read from
# the workbook, layout, subset fonts, chart); in the same run pyHanko certifies the same
# unsigned PDF with the same PKCS#12 key (PAdES, DocMDP), both as its command line and
# in-process through its library. The sample report (MONTHS=380, 12 pages) is kept as a
# second row for comparison with earlier figures.
# Prints the medians and the ratio; `--write` appends them to docs/benchmarks.md.
#   bash bench/report/run.sh [--write]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
runs="${RUNS:-7}"
months="${MONTHS:-380}" # schedule length giving a 12-page report
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${RATEBOOK_CACHE:-$HOME/.cache/ratebook}/target}"
bash scripts/setup-python.sh >/dev/null
venv="${RATEBOOK_CACHE:-$HOME/.cache/ratebook}/venv"
cargo build -q --release -p ratebook-report --example sample_report
cargo build -q --release -p ratebook-workbench --example committee_report
cargo build -q --release -p ratebook-cli
bin="$CARGO_TARGET_DIR/release/examples/sample_report"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The committee report: the demo's titularización decision (the second one it records).
"$CARGO_TARGET_DIR/release/ratebook" demo --json --out "$work/demo" >"$work/demo.json"
decision=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decisions"][1])' "$work/demo.json")
demo_pass=$(head -n1 "$work/demo/DEMO-PASSPHRASE.txt")
: >"$work/committee.jsonl"
for _ in $(seq "$runs"); do
  "$CARGO_TARGET_DIR/release/examples/committee_report" "$work/demo/demo.ratebook" "$decision" \
    "$work/demo/m-elena.p12" "$demo_pass" "$work" >>"$work/committee.jsonl"
done
cpages=$(pdfinfo "$work/committee-unsigned.pdf" | awk '/^Pages:/ {print $2}')
printf '%s' "$demo_pass" >"$work/demo-pass"
: >"$work/committee-pyhanko.txt"
for i in $(seq "$runs"); do
  s=$(date +%s.%N)
  "$venv/bin/pyhanko" sign addsig --field certification --certify --use-pades pkcs12 \
    --passfile "$work/demo-pass" "$work/committee-unsigned.pdf" "$work/cpy-$i.pdf" "$work/demo/m-elena.p12" >/dev/null 2>&1
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN {print (e - s) * 1000}' >>"$work/committee-pyhanko.txt"
done
"$venv/bin/python" - "$work/demo/m-elena.p12" "$work/committee-unsigned.pdf" "$runs" "$demo_pass" >"$work/committee-pylib.txt" <<'PY'
import io, sys, time
from pyhanko.sign import signers, fields
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
p12, pdf, runs, pw = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].encode()
signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=pw)
data = open(pdf, "rb").read()
meta = signers.PdfSignatureMetadata(field_name="certification", certify=True,
                                    subfilter=fields.SigSeedSubFilter.PADES,
                                    docmdp_permissions=fields.MDPPerm.FILL_FORMS)
for _ in range(runs):
    t = time.perf_counter()
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    signers.sign_pdf(w, meta, signer=signer)
    print((time.perf_counter() - t) * 1000)
PY

# Ratebook: generation + certification, timed inside the process (key loading excluded,
# as for pyHanko below).
: >"$work/ratebook.jsonl"
for _ in $(seq "$runs"); do
  "$bin" "$work/rb" es "$months" >>"$work/ratebook.jsonl"
done

# pyHanko: the same unsigned PDF and the same manager.p12.
printf '%s' "demo passphrase" >"$work/rb/pass"
: >"$work/pyhanko-cli.txt"
for i in $(seq "$runs"); do
  s=$(date +%s.%N)
  "$venv/bin/pyhanko" sign addsig --field certification --certify --use-pades pkcs12 \
    --passfile "$work/rb/pass" "$work/rb/sample-unsigned.pdf" "$work/py-$i.pdf" "$work/rb/manager.p12" >/dev/null 2>&1
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN {print (e - s) * 1000}' >>"$work/pyhanko-cli.txt"
done
"$venv/bin/python" - "$work/rb/manager.p12" "$work/rb/sample-unsigned.pdf" "$runs" >"$work/pyhanko-lib.txt" <<'PY'
import io, sys, time
from pyhanko.sign import signers, fields
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
p12, pdf, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=b"demo passphrase")
data = open(pdf, "rb").read()
meta = signers.PdfSignatureMetadata(field_name="certification", certify=True,
                                    subfilter=fields.SigSeedSubFilter.PADES,
                                    docmdp_permissions=fields.MDPPerm.FILL_FORMS)
for _ in range(runs):
    t = time.perf_counter()
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    signers.sign_pdf(w, meta, signer=signer)
    print((time.perf_counter() - t) * 1000)
PY

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pages=$(head -n1 "$work/ratebook.jsonl" | sed -E 's/.*"pages": ([0-9]+).*/\1/')
gen=$(sed -E 's/.*"generate_ms": ([0-9.]+).*/\1/' "$work/ratebook.jsonl" | median)
cert=$(sed -E 's/.*"certify_ms": ([0-9.]+).*/\1/' "$work/ratebook.jsonl" | median)
calc() { awk "BEGIN {print $1}"; }
total=$(calc "$gen + $cert")
pycli=$(median <"$work/pyhanko-cli.txt")
pylib=$(median <"$work/pyhanko-lib.txt")
ratio_cli=$(calc "$total / $pycli")
ratio_lib=$(calc "$total / $pylib")
pyver=$("$venv/bin/pyhanko" --version 2>/dev/null | head -n1)
cgen=$(sed -E 's/.*"generate_ms": ([0-9.]+).*/\1/' "$work/committee.jsonl" | median)
ccert=$(sed -E 's/.*"certify_ms": ([0-9.]+).*/\1/' "$work/committee.jsonl" | median)
ctotal=$(calc "$cgen + $ccert")
cpycli=$(median <"$work/committee-pyhanko.txt")
cpylib=$(median <"$work/committee-pylib.txt")
summary=$(cat <<EOT
## Reports and signatures

\`bash bench/report/run.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, release build, median of $runs runs).
A ${pages}-page sample report (Spanish, subset DejaVu fonts, tables, chart) generated and
certified (PAdES B-B, DocMDP P=2, ECDSA P-256) by Ratebook, against ${pyver} certifying the
same unsigned PDF with the same PKCS#12 key. Key loading is excluded on both sides.

Committee report of a stored decision (\`ratebook demo\`'s titularización class, ${cpages}
pages, read from the workbook, with the coverage chart):

| step | median (ms) |
|---|---|
| Ratebook: read the decision and generate ${cpages} pages | $(printf '%.1f' "$cgen") |
| Ratebook: certify | $(printf '%.1f' "$ccert") |
| **Ratebook: generate + certify** | **$(printf '%.1f' "$ctotal")** |
| pyHanko library: certify only (in-process) | $(printf '%.1f' "$cpylib") |
| pyHanko command line: certify only | $(printf '%.1f' "$cpycli") |

Ratio: $(calc "$ctotal / $cpylib" | xargs printf '%.2f') against the library,
$(calc "$ctotal / $cpycli" | xargs printf '%.2f') against the command line (target: at most 0.50).

The sample report (fictional values, no workbook), for comparison with earlier runs:

| step | median (ms) |
|---|---|
| Ratebook: generate ${pages} pages | $(printf '%.1f' "$gen") |
| Ratebook: certify | $(printf '%.1f' "$cert") |
| **Ratebook: generate + certify** | **$(printf '%.1f' "$total")** |
| pyHanko library: certify only (in-process) | $(printf '%.1f' "$pylib") |
| pyHanko command line: certify only (\`pyhanko sign addsig --certify --use-pades\`) | $(printf '%.1f' "$pycli") |

Ratio Ratebook generate + certify / pyHanko certify: $(printf '%.2f' "$ratio_lib") against the
library, $(printf '%.2f' "$ratio_cli") against the command line (target: at most 0.50).
EOT
)
echo "$summary"
if [ "${1:-}" = "--write" ]; then
  doc="$root/docs/benchmarks.md"
  mkdir -p "$root/docs"
  [ -f "$doc" ] || printf '# Benchmarks\n\nMeasured figures, one section per area; each names the command that produced it.\n' >"$doc"
  # Replace this section if present, keep the others.
  python3 - "$doc" "$summary" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].strip() + "\n"
text = open(path).read()
pattern = re.compile(r"^## Reports and signatures\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
  echo "written to docs/benchmarks.md"
fi
