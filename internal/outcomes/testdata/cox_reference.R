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
