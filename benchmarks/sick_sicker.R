# The Sick-Sicker microsimulation, basic model (Krijkamp EM, Alarid-Escudero F, Enns EA, Jalal HJ,
# Hunink MGM, Pechlivanoglou P. Microsimulation Modeling for Health Decision Sciences Using R: A
# Tutorial. Medical Decision Making 2018;38(3):400-422), in plain vectorised R: the comparator of
# benchmarks/end_to_end.sh's case C (docs/performance.md).
#
# Written for this project from the model's published specification (docs/validation.md restates
# it), in the style the tutorial teaches for speed: one loop over cycles, every individual's
# transition, cost and utility computed at once as vectors (each cycle: a matrix of transition
# probabilities by individual, one uniform per individual, the next state by cumulative
# probability). Base R only.
#
#   Rscript benchmarks/sick_sicker.R [INDIVIDUALS [CYCLES [SEED]]]
#
# Prints the simulation's own time (seconds, the transition and valuation loop of both
# strategies, not R's start-up) and, per strategy, the mean discounted cost and QALYs with their
# Monte Carlo standard errors, to check against `pimhsim run scenarios/validation/sick_sicker.yaml`
# (the two use different random numbers, so they agree within a few standard errors, not bit for
# bit).
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) >= 1) as.integer(args[1]) else 100000L
cycles <- if (length(args) >= 2) as.integer(args[2]) else 30L
seed <- if (length(args) >= 3) as.integer(args[3]) else 20180301L

states <- c("H", "S1", "S2", "D")
p_HS1 <- 0.15; p_S1H <- 0.5; p_S1S2 <- 0.105; p_HD <- 0.005
r_HD <- -log(1 - p_HD)
p_S1D <- 1 - exp(-3 * r_HD)
p_S2D <- 1 - exp(-10 * r_HD)
P <- matrix(c(1 - p_HS1 - p_HD, p_HS1, 0, p_HD,
              p_S1H, 1 - p_S1H - p_S1S2 - p_S1D, p_S1S2, p_S1D,
              0, 0, 1 - p_S2D, p_S2D,
              0, 0, 0, 1), nrow = 4, byrow = TRUE, dimnames = list(states, states))
cost <- cbind(no_treatment = c(2000, 4000, 15000, 0), treatment = c(2000, 16000, 27000, 0))
utility <- cbind(no_treatment = c(1, 0.75, 0.5, 0), treatment = c(1, 0.95, 0.5, 0))
discount <- 1 / 1.03^(0:cycles)

simulate <- function(n, cycles) {
  state <- rep(1L, n)  # everyone healthy at cycle 0
  tc <- matrix(0, n, 2)
  te <- matrix(0, n, 2)
  for (t in 0:cycles) {
    # Value the cycle's states under both strategies (both follow the same individuals).
    tc <- tc + cost[state, ] * discount[t + 1]
    te <- te + utility[state, ] * discount[t + 1]
    if (t == cycles) break
    # Transitions: each individual's row of P, cumulated, against one uniform.
    probs <- P[state, , drop = FALSE]
    cumulative <- probs %*% upper.tri(diag(4), diag = TRUE)
    u <- runif(n)
    state <- 1L + as.integer(rowSums(u > cumulative))
    state[state > 4L] <- 4L  # a uniform above a row's total (rounding): the last state
  }
  list(tc = tc, te = te)
}

set.seed(seed)
elapsed <- system.time(result <- simulate(n, cycles))[["elapsed"]]
cat(sprintf("sick_sicker.R: %d individuals x %d cycles x 2 strategies simulated in %.3f s\n",
            n, cycles, elapsed))
for (s in 1:2) {
  tc <- result$tc[, s]
  te <- result$te[, s]
  cat(sprintf("  %-13s cost %.1f (SE %.1f)  QALYs %.4f (SE %.4f)\n", colnames(cost)[s],
              mean(tc), sd(tc) / sqrt(n), mean(te), sd(te) / sqrt(n)))
}
