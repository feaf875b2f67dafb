# Reference values for Onset's Cox regression (internal/outcomes/cox*.go),
# computed with R's survival package. The Go tests read the JSON this
# writes; they never run R. To regenerate (Debian: apt-get install
# r-base-core r-cran-survival), from internal/outcomes/testdata:
#
#   Rscript cox_reference.R                 # tiny set and lung
#   Rscript cox_reference.R million.csv     # also the 1,000,000-row set
#
# million.csv is what `go test ./internal/cli -run TestWriteMillionCSV
# -million-csv=$PWD/million.csv` writes (an absolute path: the test runs in
# its package's folder): the generator of the `stats km` benchmark. It is
# not committed (14 MB); its values are kept in the JSON.
#
# It also writes survfit_reference.json: survfit(fit, newdata = ...), the
# individual predicted curves (internal/outcomes/cox_survfit.go), which do
# not need million.csv; run it in a scratch copy of this folder to leave
# cox_reference.json's million-row fit as it is.
#
# It also writes lung.csv: R's lung data set (survival package, LGPL; see
# README.md here) with event = status - 1 and NA for missing values.
#
# R 4.2.2 with survival 3.5-3 made the committed JSON.

suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)

num <- function(x) {
  if (length(x) != 1) stop("num: want one value")
  if (is.na(x) || !is.finite(x)) return("null")
  sprintf("%.17g", x)
}
str <- function(x) paste0('"', gsub('"', '\\\\"', x), '"')
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste0(str(names(kv)), ":", unlist(kv), collapse = ","), "}")
}
arr <- function(items) paste0("[", paste0(items, collapse = ",\n  "), "]")

# specs: list of list(column=, categorical=TRUE/FALSE, reference=) in the
# order of the model formula.
fitref <- function(name, dataname, d, specs, ties) {
  mf <- data.frame(time = d$time, event = d$event)
  for (s in specs) {
    x <- d[[s$column]]
    if (isTRUE(s$categorical)) {
      x <- factor(x)                     # levels sorted, as Onset does
      if (!is.null(s$reference)) x <- relevel(x, ref = s$reference)
    }
    mf[[s$column]] <- x
  }
  rhs <- paste0("`", sapply(specs, `[[`, "column"), "`", collapse = " + ")
  form <- as.formula(paste("Surv(time, event) ~", rhs))
  fit <- coxph(form, data = mf, ties = ties)
  sm <- summary(fit)
  co <- sm$coefficients
  ci <- sm$conf.int
  terms <- character(0)
  for (i in seq_len(nrow(co))) {
    terms <- c(terms, obj(
      name = str(gsub("`", "", rownames(co)[i])),
      coef = num(co[i, "coef"]), hr = num(co[i, "exp(coef)"]),
      se = num(co[i, "se(coef)"]), z = num(co[i, "z"]),
      p = num(co[i, "Pr(>|z|)"]),
      lower = num(ci[i, "lower .95"]), upper = num(ci[i, "upper .95"])))
  }
  # summary() rounds the statistics to 2 decimals; these are unrounded.
  df <- sum(!is.na(coef(fit)))
  test <- function(x) obj(chisq = num(x), df = num(df),
                          p = num(pchisq(x, df, lower.tail = FALSE)))
  cc <- fit$concordance
  zph <- cox.zph(fit, transform = "km")$table
  zrows <- character(0)
  for (i in seq_len(nrow(zph))) {
    zrows <- c(zrows, obj(term = str(gsub("`", "", rownames(zph)[i])),
                          chisq = num(zph[i, "chisq"]), df = num(zph[i, "df"]),
                          p = num(zph[i, "p"])))
  }
  cspec <- sapply(specs, function(s) obj(
    column = str(s$column),
    categorical = if (isTRUE(s$categorical)) "true" else "false",
    reference = if (is.null(s$reference)) "null" else str(s$reference)))
  obj(name = str(name), data = str(dataname), ties = str(ties),
      formula = str(paste(deparse(form), collapse = "")),
      covariates = arr(cspec),
      n = num(fit$n), events = num(fit$nevent),
      n_missing = num(nrow(d) - fit$n),
      iter = num(fit$iter),
      loglik0 = num(fit$loglik[1]), loglik = num(fit$loglik[2]),
      terms = arr(terms),
      wald = test(fit$wald.test), score = test(fit$score),
      lr = test(2 * (fit$loglik[2] - fit$loglik[1])),
      concordance = obj(concordant = num(cc[["concordant"]]),
                        discordant = num(cc[["discordant"]]),
                        tied_x = num(cc[["tied.x"]]), tied_y = num(cc[["tied.y"]]),
                        tied_xy = num(cc[["tied.xy"]]),
                        c = num(cc[["concordance"]]), se = num(cc[["std"]])),
      zph = arr(zrows))
}

# The 24-row reference set (reference_test.go): group 0 then group 1.
tiny <- data.frame(
  time  = c(6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8),
  event = c(1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, rep(1, 12)),
  group = rep(0:1, each = 12))

lung <- survival::lung
lung$event <- lung$status - 1
lungcsv <- lung[, c("time", "event", "inst", "age", "sex", "ph.ecog",
                    "ph.karno", "pat.karno", "meal.cal", "wt.loss")]
write.csv(lungcsv, "lung.csv", row.names = FALSE, na = "NA", quote = FALSE)

num1 <- list(column = "group")
lungA <- list(list(column = "age"),
              list(column = "sex", categorical = TRUE),
              list(column = "ph.ecog", categorical = TRUE, reference = "1"),
              list(column = "wt.loss"))
lungB <- list(list(column = "age"), list(column = "ph.karno"),
              list(column = "pat.karno"), list(column = "meal.cal"))

fits <- c(
  fitref("tiny_efron", "tiny", tiny, list(num1), "efron"),
  fitref("tiny_breslow", "tiny", tiny, list(num1), "breslow"),
  fitref("lung_efron", "lung", lung, lungA, "efron"),
  fitref("lung_breslow", "lung", lung, lungA, "breslow"),
  fitref("lung_continuous_efron", "lung", lung, lungB, "efron"),
  fitref("lung_continuous_breslow", "lung", lung, lungB, "breslow"))

if (length(args) >= 1) {
  m <- read.csv(args[1])
  fits <- c(fits, fitref("million_efron", "million", m, list(num1), "efron"))
}

out <- paste0("{", str("r_version"), ":", str(R.version.string), ",\n",
              str("survival_version"), ":", str(as.character(packageVersion("survival"))), ",\n",
              str("fits"), ":", arr(fits), "}\n")
writeLines(out, "cox_reference.json", sep = "")

# The individual predicted curves, survfit(fit, newdata = one row): R's
# survfit.coxph with its defaults (the fit's ties for the hazard, se.fit,
# conf.type = "log", 95%). std_err is survfit's own: the standard error of
# the cumulative hazard (not summary()'s of the survival). Each curve is
# read at the chosen times as a step function (the last time <= t; before
# the first time S = 1). Written to survfit_reference.json.
curveref <- function(name, dataname, d, specs, ties, rows, times) {
  mf <- data.frame(time = d$time, event = d$event)
  for (s in specs) {
    x <- d[[s$column]]
    if (isTRUE(s$categorical)) {
      x <- factor(x)
      if (!is.null(s$reference)) x <- relevel(x, ref = s$reference)
    }
    mf[[s$column]] <- x
  }
  rhs <- paste0("`", sapply(specs, `[[`, "column"), "`", collapse = " + ")
  form <- as.formula(paste("Surv(time, event) ~", rhs))
  fit <- coxph(form, data = mf, ties = ties)
  curves <- character(0)
  for (row in rows) {
    nd <- as.data.frame(row, check.names = FALSE)
    for (s in specs) {
      if (isTRUE(s$categorical)) {
        nd[[s$column]] <- factor(as.character(row[[s$column]]), levels = levels(mf[[s$column]]))
      }
    }
    sf <- survfit(fit, newdata = nd)
    at <- character(0)
    for (t in times) {
      i <- findInterval(t, sf$time)
      if (i == 0) {
        at <- c(at, obj(time = num(t), surv = num(1), std_err = num(0), lower = num(1), upper = num(1), cumhaz = num(0)))
      } else {
        at <- c(at, obj(time = num(t), surv = num(sf$surv[i]), std_err = num(sf$std.err[i]),
                        lower = num(sf$lower[i]), upper = num(sf$upper[i]), cumhaz = num(sf$cumhaz[i])))
      }
    }
    vals <- sapply(names(row), function(k) str(as.character(row[[k]])))
    names(vals) <- names(row)
    curves <- c(curves, obj(profile = paste0("{", paste0(str(names(vals)), ":", vals, collapse = ","), "}"),
                            n_times = num(length(sf$time)), at = arr(at)))
  }
  cspec <- sapply(specs, function(s) obj(
    column = str(s$column),
    categorical = if (isTRUE(s$categorical)) "true" else "false",
    reference = if (is.null(s$reference)) "null" else str(s$reference)))
  obj(name = str(name), data = str(dataname), ties = str(ties),
      covariates = arr(cspec), curves = arr(curves))
}

tinyRows <- list(list(group = 0), list(group = 1), list(group = 0.5))
tinyTimes <- c(0.5, 1, 2.5, 5, 6, 8, 12, 17, 20)
lungRowsA <- list(list(age = 60, sex = 2, ph.ecog = 0, wt.loss = 5),
                  list(age = 70, sex = 1, ph.ecog = 2, wt.loss = 15),
                  list(age = 55, sex = 1, ph.ecog = 1, wt.loss = 0))
lungRowsB <- list(list(age = 62, ph.karno = 80, pat.karno = 70, meal.cal = 900),
                  list(age = 75, ph.karno = 60, pat.karno = 50, meal.cal = 500))
lungTimes <- c(1, 30, 91, 180, 365, 550, 730)
curves <- c(
  curveref("tiny_efron", "tiny", tiny, list(num1), "efron", tinyRows, tinyTimes),
  curveref("tiny_breslow", "tiny", tiny, list(num1), "breslow", tinyRows, tinyTimes),
  curveref("lung_efron", "lung", lung, lungA, "efron", lungRowsA, lungTimes),
  curveref("lung_breslow", "lung", lung, lungA, "breslow", lungRowsA, lungTimes),
  curveref("lung_continuous_efron", "lung", lung, lungB, "efron", lungRowsB, lungTimes))
out <- paste0("{", str("r_version"), ":", str(R.version.string), ",\n",
              str("survival_version"), ":", str(as.character(packageVersion("survival"))), ",\n",
              str("curves"), ":", arr(curves), "}\n")
writeLines(out, "survfit_reference.json", sep = "")
