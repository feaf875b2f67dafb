#!/usr/bin/env bash
# Side by side with R (issue 15's ratios): `onset stats cox` and `onset
# stats km` on the 1,000,000-row benchmark set against R's survival package
# on the same file, ROUNDS rounds (default 3), on a quiet machine.
#   cox: onset end to end (process start, reading the CSV, the fit, its
#        tests, concordance, cox.zph, the JSON) against R's
#        coxph(Surv(time, event) ~ group, ties = "efron") alone
#        (system.time; read.csv not counted), as the issue states it;
#   km:  onset end to end against Rscript's whole run, both reading the
#        CSV, fitting the curves by group, printing them at 1, 7, 14 and 28
#        days and the log-rank test (survfit, summary(times=), survdiff).
# Needs R with the survival package (apt-get install r-base-core
# r-cran-survival). Usage: bench/vsr/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/onset" ./cmd/onset
go test ./internal/cli -run TestWriteMillionCSV -million-csv="$dir/million.csv" >/dev/null
cat > "$dir/cox.R" <<'R'
suppressMessages(library(survival))
d <- read.csv(commandArgs(TRUE)[1])
t <- system.time(fit <- coxph(Surv(time, event) ~ group, data = d, ties = "efron"))[["elapsed"]]
cat(sprintf("%.3f %.8f\n", t, coef(fit)[[1]]))
R
cat > "$dir/km.R" <<'R'
suppressMessages(library(survival))
d <- read.csv(commandArgs(TRUE)[1])
fit <- survfit(Surv(time, event) ~ group, data = d)
print(summary(fit, times = c(1, 7, 14, 28)))
print(survdiff(Surv(time, event) ~ group, data = d))
R
# secs prints a command's wall time in seconds (bash's own timer: no
# process of its own counted); a command that fails stops the run.
secs() {
  local TIMEFORMAT=%R t
  t=$({ time "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; echo "failed: $*" >&2; exit 1; }; } 2>&1) || exit 1
  echo "$t"
}
printf '| round | R coxph s | onset cox s | cox ratio | R km run s | onset km s | km ratio |\n|--:|--:|--:|--:|--:|--:|--:|\n'
for r in $(seq 1 "$rounds"); do
  rcox=$(Rscript "$dir/cox.R" "$dir/million.csv" | cut -d' ' -f1)
  # An untimed run first: right after R exits the kernel is still taking
  # back R's gigabyte, and the first process to fault in memory pays for it.
  "$dir/onset" stats cox "$dir/million.csv" --covariates group --json >/dev/null
  ocox=$(secs "$dir/onset" stats cox "$dir/million.csv" --covariates group --json)
  rkm=$(secs Rscript "$dir/km.R" "$dir/million.csv")
  "$dir/onset" stats km "$dir/million.csv" --times 1,7,14,28 >/dev/null
  okm=$(secs "$dir/onset" stats km "$dir/million.csv" --times 1,7,14,28)
  printf '| %d | %.3f | %.3f | %.1f× | %.2f | %.3f | %.1f× |\n' "$r" "$rcox" "$ocox" "$(echo "$rcox / $ocox" | bc -l)" \
    "$rkm" "$okm" "$(echo "$rkm / $okm" | bc -l)"
done
