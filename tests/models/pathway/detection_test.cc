// Identification of ill mothers: by the health-visitor contact schedule alone (closed form), and
// with remission and GP/midwife identification competing with it (a monthly Markov cohort in
// Eigen), against the simulation.
//
// The order of events in one month of a dyad's life a (area_simulation.cc, pass 1 then pass 2):
//   1. onset: if a == onset month, the mother becomes ill;
//   2. contacts falling in month a: a delivered contact (probability coverage_k) identifies an
//      ill, not yet identified, not hidden mother with the sensitivity of her health visitor
//      (trained or not); a mother not ill (before onset, or recovered) screens falsely positive
//      with probability 1 - specificity; an identified ill mother is not screened;
//   3. if still ill and not identified, a GP or midwife identifies her with the monthly
//      probability of her severity (hidden mothers included);
//   4. remission: an ill mother remits with probability 1 - exp(-h), where before
//      identification h is the natural hazard (0 for a chronic episode) times the condition's
//      and severity's hazard ratios.
// A mother who remits before she is identified can never be identified afterwards (step 2 and 3
// need her ill), so "recovered undetected" and "identified" are absorbing for this question.
#include <doctest/doctest.h>

#include <Eigen/Dense>

#include "models/pathway/pathway_fixture.h"

using namespace pathway_test;

namespace {

// Probability that every contact in month a misses an ill, not yet identified mother whose
// per-contact sensitivity is `sens` (0 for a hidden mother).
double contacts_miss(const pw::Inputs& in, int a, double sens) {
  double miss = 1.0;
  for (int k = 0; k < pw::kContacts; ++k)
    if (in.contact_month[k] == a) miss *= 1.0 - in.coverage[k] * sens;
  return miss;
}

// The order of events a cohort assumes within a month; the simulation's order is kCode, and the
// others are there to show that the comparison can tell them apart.
enum class Order { kCode, kRemissionFirst, kOnsetAfterContacts };

struct CohortResult {
  double identified = 0, at_contact = 0;
};

CohortResult cohort(const pw::Inputs& in, double trained_share, Order order) {
  const auto prevalence = prevalences(in);
  CohortResult out;
  for (int c = 0; c < pw::kConditions; ++c) {
    const auto severity = shares_of(in.severity_cum[c]);
    for (int sv = 0; sv < pw::kSeverities; ++sv)
      for (int onset = 0; onset < pw::kLifeMonths; ++onset) {
        const double p_class = prevalence[c] * severity[sv] * onset_month_probability(in, c, onset);
        if (p_class == 0) continue;
        for (int hidden = 0; hidden < 2; ++hidden)
          for (int trained = 0; trained < 2; ++trained)
            for (int chronic = 0; chronic < 2; ++chronic) {
              const double weight = p_class * (hidden ? in.hidden_share : 1 - in.hidden_share) *
                                    (trained ? trained_share : 1 - trained_share) *
                                    (chronic ? in.chronic_share : 1 - in.chronic_share);
              const double sens = hidden ? 0.0 : in.sensitivity[trained];
              const double g = in.other_detection[sv];
              const double r = chronic ? 0.0
                                       : -std::expm1(-in.natural_hazard * in.condition_factor[c] *
                                                     in.severity_factor[sv]);
              Eigen::RowVector4d x(1, 0, 0, 0);  // U, R, C, G
              for (int a = onset; a < pw::kLifeMonths; ++a) {
                const bool contacts_count = !(order == Order::kOnsetAfterContacts && a == onset);
                const double contact = contacts_count ? 1 - contacts_miss(in, a, sens) : 0.0;
                Eigen::Matrix4d m = Eigen::Matrix4d::Zero();
                if (order == Order::kRemissionFirst) {
                  m(0, 1) = r;
                  m(0, 2) = (1 - r) * contact;
                  m(0, 3) = (1 - r) * (1 - contact) * g;
                  m(0, 0) = (1 - r) * (1 - contact) * (1 - g);
                } else {
                  m(0, 2) = contact;
                  m(0, 3) = (1 - contact) * g;
                  m(0, 1) = (1 - contact) * (1 - g) * r;
                  m(0, 0) = (1 - contact) * (1 - g) * (1 - r);
                }
                m(1, 1) = m(2, 2) = m(3, 3) = 1;
                x = x * m;
              }
              REQUIRE(std::abs(x.sum() - 1) < 1e-12);
              out.identified += weight * (x(2) + x(3));
              out.at_contact += weight * x(2);
            }
      }
  }
  return out;
}

}  // namespace

// Closed form. One condition (depression, prevalence pi = 0.5), onset in the band "postnatal
// 0-2" (months 9, 10, 11 of the dyad's life, each with probability 1/3), no remission of any kind
// (natural hazard 0, chronic share 1, no hazard added by care) and no GP/midwife identification.
// A hidden mother (share h) is never identified at a contact; any other mother with onset o and
// a health visitor of training t is identified by exit unless every contact k in months o..32
// misses her:
//   P(identified) = pi (1 - h) sum_t w_t (1/3) sum_{o=9..11} [1 - prod_{k: m_k >= o} (1 - cov_k
//   sens_t)]
// with w_1 the area's trained share and w_0 = 1 - w_1. Every identification is at a contact.
// The detected share is a share of n independent dyads: binomial SE sqrt(p (1 - p) / n).
//
// False positive screens per dyad: a delivered contact screens a mother who is not ill falsely
// positive with probability q_k,t = cov_k (1 - spec_t). A well dyad is screened at every contact;
// an ill one (who never remits here) only at contacts before her onset. So per dyad
//   E[X] = sum_t w_t [(1 - pi) sum_k q_k,t + pi (1/3) sum_o sum_{k: m_k < o} q_k,t],
// and, X being a sum of independent Bernoullis given the class (training, illness, onset),
//   E[X^2 | class] = sum q (1 - q) + (sum q)^2,  Var X = E[X^2] - E[X]^2,  SE = sqrt(Var X / n).
TEST_CASE(
    "pathway detection by schedule: the share identified and false positives per dyad equal the "
    "closed form") {
  const auto s = england();
  pw::Inputs in = inputs(s, 0);
  const double pi = 0.5, trained_share = 0.3;
  set_prevalences(in, {pi, 0, 0, 0, 0});
  set_onset_band(in, pw::kDepression, 3);
  in.natural_hazard = 0;
  in.chronic_share = 1;
  in.usual_hv_added = 0;
  in.service_added.fill(0.0);
  in.other_detection.fill(0.0);
  const double h = in.hidden_share;
  REQUIRE(h > 0);
  REQUIRE(h < 1);

  double detected = 0, fp_mean = 0, fp_square = 0;
  for (int t = 0; t < 2; ++t) {
    const double w = t == 1 ? trained_share : 1 - trained_share;
    auto add_fp = [&](double weight, int before_month) {  // screens at contacts before this month
      double mean = 0, var = 0;
      for (int k = 0; k < pw::kContacts; ++k)
        if (in.contact_month[k] < before_month) {
          const double q = in.coverage[k] * (1 - in.specificity[t]);
          mean += q;
          var += q * (1 - q);
        }
      fp_mean += weight * mean;
      fp_square += weight * (var + mean * mean);
    };
    add_fp(w * (1 - pi), pw::kLifeMonths);
    for (int o = 9; o <= 11; ++o) {
      double miss = 1.0;
      for (int a = o; a < pw::kLifeMonths; ++a) miss *= contacts_miss(in, a, in.sensitivity[t]);
      detected += pi * (1 - h) * w / 3.0 * (1 - miss);
      add_fp(w * pi / 3.0, o);
    }
  }
  // 50,000 births a year over 4 years: 200,000 dyads.
  const auto run = run_area({in}, {50000, trained_share}, {48, 1.0}, s.run.seed);
  REQUIRE(run.level(0, pw::kDyads).count() == 200000);
  check_share(run.level(0, pw::kIll), pi, "ill");
  check_share(run.level(0, pw::kDetected), detected, "identified by exit");
  check_share(run.level(0, pw::kDetectedAtContact), detected, "identified at a contact");
  check_mean(run.level(0, pw::kFalsePositives), fp_mean, fp_square - fp_mean * fp_mean,
             "false positive screens per dyad");
}

// The Eigen cohort. England's defaults for everything (five conditions, their onset and severity
// mixes, hidden share, chronic share, natural remission with the condition and severity hazard
// ratios, GP/midwife identification by severity), an area with a trained share of 0.35. For each
// latent class (condition, severity, onset month, hidden or not, trained or not, chronic or not)
// a row vector over the states {ill unidentified U, recovered unidentified R, identified at a
// contact C, identified by a GP or midwife G} starts at (1, 0, 0, 0) in the month of onset and is
// multiplied by one transition matrix per month of life up to 32 (the last), in the order of
// events above:
//   c = 1 - prod_k (1 - cov_k sens_t [not hidden])   (contacts in that month; 0 if none)
//   g = other_monthly(severity)
//   r = 1 - exp(-natural_hazard x condition factor x severity factor), 0 if chronic
//   U -> C: c;  U -> G: (1 - c) g;  U -> R: (1 - c)(1 - g) r;  U -> U: (1 - c)(1 - g)(1 - r)
// R, C and G are absorbing. The expected share of dyads identified by exit is the sum over
// classes of (prevalence x severity share x onset month probability x latent class shares) x
// (C + G), and at a contact x C. Each is a share of n independent dyads: binomial SE.

TEST_CASE(
    "pathway detection: an Eigen cohort of identification with remission and GP detection matches "
    "the simulation within 4 SE") {
  const auto s = england();
  const pw::Inputs in = inputs(s, 0);
  const double trained_share = 0.35;
  REQUIRE(in.natural_hazard > 0);
  REQUIRE(in.chronic_share > 0);
  REQUIRE(in.other_detection[0] > 0);
  const auto expected = cohort(in, trained_share, Order::kCode);

  // 120,000 births a year over 5 years: 600,000 dyads.
  const auto run = run_area({in}, {120000, trained_share}, {60, 1.0}, s.run.seed);
  REQUIRE(run.level(0, pw::kDyads).count() == 600000);
  const auto identified = run.level(0, pw::kDetected),
             at_contact = run.level(0, pw::kDetectedAtContact);
  check_share(identified, expected.identified, "identified by exit");
  check_share(at_contact, expected.at_contact, "identified at a contact");

  // The comparison has the power to tell the order of events: a cohort that lets a mother remit
  // before she can be identified in a month, or that lets no contact identify her in her month
  // of onset, is more than 4 SE away from the simulation.
  const double n = static_cast<double>(identified.count());
  for (Order wrong : {Order::kRemissionFirst, Order::kOnsetAfterContacts}) {
    const auto other = cohort(in, trained_share, wrong);
    const double se = std::sqrt(other.at_contact * (1 - other.at_contact) / n);
    CAPTURE(static_cast<int>(wrong));
    CAPTURE(other.at_contact);
    CAPTURE(other.identified);
    CHECK(std::abs(at_contact.mean() - other.at_contact) > kMaxZ * se);
  }
}
