// The efficiency frontier: published worked examples (answers re-derived by hand in the comments),
// and the edge cases where tools have gone wrong (properties on random option sets:
// frontier_random_test.cc).
#include "economics/frontier_support.h"

using namespace frontier_test;

TEST_CASE(
    "incremental_analysis: the HERC six-strategy example has one strongly and one "
    "extendedly dominated option (dampack's expected table)") {
  // By cost: UC 5000/1, B 10000/2, A 12000/1.5, C 25000/3, D 35000/4, E 55000/5.
  // A costs more than B (12000 > 10000) and does less (1.5 < 2): strongly dominated by B.
  // ICERs along UC, B, C, D, E: B 5000/1 = 5000, C 15000/1 = 15000, D 10000/1 = 10000,
  // E 20000/1 = 20000. C's 15000 exceeds D's 10000: C lies above the line B-D, extendedly
  // dominated. Then D vs B = 25000/2 = 12500 < 20000, so the frontier is UC, B (5000),
  // D (12500), E (20000), the table dampack's test expects.
  check_table(herc_example(), {{"UC", F, {}, {}},
                               {"B", F, {}, 5000},
                               {"A", D, {"B"}, {}},
                               {"C", ED, {"B", "D"}, {}},
                               {"D", F, {}, 12500},
                               {"E", F, {}, 20000}});
  const std::vector<FrontierRow> rows = incremental_analysis(herc_example());
  CHECK(row_named(rows, "D").step->compared_with == "B");
  CHECK(row_named(rows, "D").step->incremental_cost == 25000);
  CHECK(row_named(rows, "D").step->incremental_effect == 2);
}

TEST_CASE(
    "incremental_analysis: heemod's frontier regression cases (heemod bug report 182) give the "
    "published frontiers") {
  // pierucci/heemod tests/testthat/test_efficiency_frontier.R, written after heemod's frontier
  // was found wrong "in all but the simplest examples" (heemod's public bug report
  // "get_efficiency_frontier fails to correctly identify frontier strategies", 2016:
  // github.com/pierucci/heemod/issues/182, the number the test's name gives). heemod calls an
  // option with a tie in effect or cost "weakly dominated"; here it is strongly dominated (see
  // frontier.h).
  SUBCASE("case 1: eight scenarios, frontier S1, S5, S8") {
    // By cost: S1 14807/9.635, S2 26041/10.2497, S5 40022/11.582, S3 49706/11.1654 (below S5's
    // effect: dominated by S5), S8 54651/11.6588, then S6, S4, S7, all below S8's effect.
    // S2 vs S1 = 11234/0.6147 = 18275.6 > S5 vs S2 = 13981/1.3323 = 10493.9: S2 is extendedly
    // dominated. S5 vs S1 = 25215/1.947 = 12950.69; S8 vs S5 = 14629/0.0768 = 190481.77.
    check_table(scenarios({14807, 26041, 49706, 64266, 40022, 57392, 91744, 54651},
                          {9.635, 10.2497, 11.1654, 11.5152, 11.582, 11.6248, 11.6296, 11.6588}),
                {{"S1", F, {}, {}},
                 {"S2", ED, {"S1", "S5"}, {}},
                 {"S5", F, {}, 25215 / 1.947},
                 {"S3", D, {"S5"}, {}},
                 {"S8", F, {}, 14629 / (11.6588 - 11.582)},
                 {"S6", D, {"S8"}, {}},
                 {"S4", D, {"S8"}, {}},
                 {"S7", D, {"S8"}, {}}});
  }
  SUBCASE("case 2: the least effective option is not the cheapest") {
    // S2 14807/9.635 is cheapest; S1 costs more for less. S5 40022/11.582 dominates S3 and S4.
    // S5 vs S2 = 25215/1.947 = 12950.69.
    check_table(
        scenarios({26041, 14807, 49706, 64266, 40022}, {9.13, 9.635, 11.1654, 11.5152, 11.582}),
        {{"S2", F, {}, {}},
         {"S1", D, {"S2"}, {}},
         {"S5", F, {}, 25215 / 1.947},
         {"S3", D, {"S5"}, {}},
         {"S4", D, {"S5"}, {}}});
  }
  SUBCASE("case 3: two extendedly dominated options, none strongly dominated") {
    // ICERs in cost order: S2 10000/0.9157 = 10920.6, S3 15000/0.1346 = 111441 > S4 4651/0.3588
    // = 12962.7 (S3 out), S5 9615/0.0412 = 233374 > S6 27478/0.4 = 68695 (S5 out).
    // Then S4 vs S2 = 19651/0.4934 = 39827.7 and S6 vs S4 = 37093/0.4412 = 84073.0, increasing.
    check_table(scenarios({25000, 35000, 50000, 54651, 64266, 91744},
                          {10.2497, 11.1654, 11.3, 11.6588, 11.7, 12.1}),
                {{"S1", F, {}, {}},
                 {"S2", F, {}, 10000 / (11.1654 - 10.2497)},
                 {"S3", ED, {"S2", "S4"}, {}},
                 {"S4", F, {}, 19651 / (11.6588 - 11.1654)},
                 {"S5", ED, {"S4", "S6"}, {}},
                 {"S6", F, {}, 37093 / (12.1 - 11.6588)}});
  }
  SUBCASE("case 4: S5 and S6 have the same effect and S6 is cheaper") {
    // By cost: S1, S2 49706/11.1654, S6 54651/11.6296, S4 57392/11.6248, S3 64266/11.5152,
    // S5 91744/11.6296: S4, S3 and S5 (same effect, dearer) are dominated by S6.
    // S2 vs S1 = 23665/0.9157 = 25843.6 > S6 vs S2 = 4945/0.4642 = 10652.7: S2 out.
    // S6 vs S1 = 28610/1.3799 = 20733.4.
    check_table(scenarios({26041, 49706, 64266, 57392, 91744, 54651},
                          {10.2497, 11.1654, 11.5152, 11.6248, 11.6296, 11.6296}),
                {{"S1", F, {}, {}},
                 {"S2", ED, {"S1", "S6"}, {}},
                 {"S6", F, {}, 28610 / (11.6296 - 10.2497)},
                 {"S4", D, {"S6"}, {}},
                 {"S3", D, {"S6"}, {}},
                 {"S5", D, {"S6"}, {}}});
  }
  SUBCASE("case 5: every option on the frontier") {
    // ICERs 15959/0.9157 = 17428.2, 12651/0.4642 = 27253.3, 5349/0.0704 = 75980.1,
    // 16000/0.1 = 160000: increasing, so nothing is removed.
    check_table(
        scenarios({26041, 42000, 54651, 60000, 76000}, {10.2497, 11.1654, 11.6296, 11.7, 11.8}),
        {{"S1", F, {}, {}},
         {"S2", F, {}, 15959 / (11.1654 - 10.2497)},
         {"S3", F, {}, 12651 / (11.6296 - 11.1654)},
         {"S4", F, {}, 5349 / (11.7 - 11.6296)},
         {"S5", F, {}, 16000 / (11.8 - 11.7)}});
  }
  SUBCASE("case 6: two pairs with equal effects at different costs") {
    // S2 and S5 match S1's and S4's effects at higher cost: dominated. S3 vs S1 = 25000/1.0503
    // = 23802.7 > S4 vs S3 = 4651/0.3588 = 12962.7 (S3 out); S6 vs S4 = 9615/0.0412 = 233374 >
    // S7 vs S6 = 68695 (S6 out). S4 vs S1 = 29651/1.4091 = 21042.5; S7 vs S4 = 84073.0.
    check_table(scenarios({25000, 35000, 50000, 54651, 58500, 64266, 91744},
                          {10.2497, 10.2497, 11.3, 11.6588, 11.6588, 11.7, 12.1}),
                {{"S1", F, {}, {}},
                 {"S2", D, {"S1"}, {}},
                 {"S3", ED, {"S1", "S4"}, {}},
                 {"S4", F, {}, 29651 / (11.6588 - 10.2497)},
                 {"S5", D, {"S4"}, {}},
                 {"S6", ED, {"S4", "S7"}, {}},
                 {"S7", F, {}, 37093 / (12.1 - 11.6588)}});
  }
  SUBCASE("case 7: a tie in cost and two identical options") {
    // S1 and S2 cost the same and S2 does more: S1 dominated. S4 and S5 are identical: heemod
    // lists both on the frontier, here S5 is kIdentical to S4. S3 vs S2 = 25000/1.05 = 23809.5 >
    // S4 vs S3 = 8500/0.3588 = 23690.1 (narrowly: S3 out); S6 vs S4 = 5766/0.0412 = 139951 > S7
    // vs S6 = 68695 (S6 out). S4 vs S2 = 33500/1.4088 = 23779.1; S7 vs S4 = 33244/0.4412 = 75349.0.
    check_table(scenarios({25000, 25000, 50000, 58500, 58500, 64266, 91744},
                          {10.2497, 10.25, 11.3, 11.6588, 11.6588, 11.7, 12.1}),
                {{"S2", F, {}, {}},
                 {"S1", D, {"S2"}, {}},
                 {"S3", ED, {"S2", "S4"}, {}},
                 {"S4", F, {}, 33500 / (11.6588 - 10.25)},
                 {"S5", I, {"S4"}, {}},
                 {"S6", ED, {"S4", "S7"}, {}},
                 {"S7", F, {}, 33244 / (12.1 - 11.6588)}});
  }
  SUBCASE("cases 8 and 9: two options, both on the frontier or the dearer one dominated") {
    check_table(scenarios({26041, 42000}, {10.2497, 11.1654}),
                {{"S1", F, {}, {}}, {"S2", F, {}, 15959 / (11.1654 - 10.2497)}});
    check_table(scenarios({26041, 21000}, {10.2497, 11.1654}),
                {{"S2", F, {}, {}}, {"S1", D, {"S2"}, {}}});
  }
  SUBCASE("cases 10 and 11: the cheapest option dominates both others") {
    check_table(scenarios({26041, 21000, 19000}, {10.2497, 11.1654, 11.5}),
                {{"S3", F, {}, {}}, {"S2", D, {"S3"}, {}}, {"S1", D, {"S3"}, {}}});
    check_table(scenarios({26041, 27000, 19000}, {10.2497, 11.1654, 11.5}),
                {{"S3", F, {}, {}}, {"S1", D, {"S3"}, {}}, {"S2", D, {"S3"}, {}}});
  }
  SUBCASE("case 13: dominated through a tie in effect and a tie in cost at once") {
    // S1 15/12 matches S2's effect at more cost, and S3's cost for less effect. The most effective
    // option costing no more than S1 is S3 (15/15), which is the one named. S3 vs S2 = 5/3.
    check_table(scenarios({15, 10, 15}, {12, 12, 15}),
                {{"S2", F, {}, {}}, {"S3", F, {}, 5.0 / 3}, {"S1", D, {"S3"}, {}}});
  }
}

TEST_CASE("incremental_analysis: removing one extendedly dominated option can reveal another") {
  // A 0/0, B 50/1, C 150/2, D 190/4. ICERs: B 50/1 = 50, C 100/1 = 100, D 40/2 = 20.
  // C's 100 > D's 20: C goes. Now D vs B = 140/3 = 46.7 < B's 50: B goes too, which a single
  // pass comparing neighbouring ICERs would miss. Frontier A, D with ICER 190/4 = 47.5; a mix of
  // A and D beats B (47.5 at effect 1 < 50) and C (95 at effect 2 < 150).
  check_table(
      {{"A", 0, 0}, {"B", 50, 1}, {"C", 150, 2}, {"D", 190, 4}},
      {{"A", F, {}, {}}, {"B", ED, {"A", "D"}, {}}, {"C", ED, {"A", "D"}, {}}, {"D", F, {}, 47.5}});
}

TEST_CASE("incremental_analysis: a single option is the frontier, with no ICER, none gives none") {
  check_table({{"only", 1234.5, 6.7}}, {{"only", F, {}, {}}});
  CHECK(incremental_analysis({}).empty());
}

TEST_CASE("incremental_analysis: all options but one dominated (dampack's three-strategy test)") {
  // dampack test_calculate_icers.R, "default reference strategy": Test & treat is cheapest
  // (163765.1) and ties Treat all for the most effect (6.52861). No Treat costs more (163771.0)
  // for less (6.48273); Treat all costs more (164848.7) for the same effect. Both dominated.
  check_table({{"No Treat", 163771.0, 6.48273},
               {"Treat all", 164848.7, 6.52861},
               {"Test & treat", 163765.1, 6.52861}},
              {{"Test & treat", F, {}, {}},
               {"No Treat", D, {"Test & treat"}, {}},
               {"Treat all", D, {"Test & treat"}, {}}});
}

TEST_CASE(
    "incremental_analysis: a cost-saving option dominates its comparator and gets no "
    "negative ICER") {
  // New saves 200 and gains 0.2: the ratio -200/0.2 = -1000 means nothing; the comparator is
  // strongly dominated and the new option stands alone on the frontier.
  check_table({{"usual care", 1000, 1.0}, {"new", 800, 1.2}},
              {{"new", F, {}, {}}, {"usual care", D, {"new"}, {}}});
}

TEST_CASE(
    "incremental_analysis: a tie in cost leaves the less effective option strongly "
    "dominated") {
  // A and B both cost 100; B does more. Frontier B, C with ICER (300 - 100)/(3 - 2) = 200.
  check_table({{"A", 100, 1}, {"B", 100, 2}, {"C", 300, 3}},
              {{"B", F, {}, {}}, {"A", D, {"B"}, {}}, {"C", F, {}, 200}});
}

TEST_CASE("incremental_analysis: a tie in effect leaves the costlier option strongly dominated") {
  // B and C both give 2; C costs more. Frontier A, B with ICER (200 - 100)/(2 - 1) = 100: no
  // division by the zero effect difference between B and C.
  check_table({{"C", 300, 2}, {"A", 100, 1}, {"B", 200, 2}},
              {{"A", F, {}, {}}, {"B", F, {}, 100}, {"C", D, {"B"}, {}}});
}

TEST_CASE(
    "incremental_analysis: options on a straight line all stay on the frontier with equal "
    "ICERs") {
  // The collinearity convention (frontier.h): A 0/0, B 100/1, C 200/2, D 400/3. ICERs B 100,
  // C 100, D 200. A mix of A and C only equals B, so B is kept, and both steps report 100.
  check_table({{"A", 0, 0}, {"B", 100, 1}, {"C", 200, 2}, {"D", 400, 3}},
              {{"A", F, {}, {}}, {"B", F, {}, 100}, {"C", F, {}, 100}, {"D", F, {}, 200}});
}

TEST_CASE(
    "incremental_analysis: collinear options given as decimals stay on the frontier "
    "despite rounding") {
  // 600/0.6, 700/0.7, 800/0.8 lie on cost = 1000 * effect, but in binary floating point
  // 100 / (0.7 - 0.6) = 1000.0000000000002 and 100 / (0.8 - 0.7) = 999.9999999999991; an exact
  // comparison would call the middle option extendedly dominated.
  const std::vector<FrontierInput> options{
      {"low", 600, 0.6}, {"mid", 700, 0.7}, {"high", 800, 0.8}};
  REQUIRE(100 / (0.7 - 0.6) > 100 / (0.8 - 0.7));  // the rounding this test is about
  const std::vector<FrontierRow> rows = incremental_analysis(options);
  check_invariants(options, rows, 1e-9);
  CHECK(names_with(rows, Status::kFrontier) == Names{"low", "mid", "high"});
  CHECK(row_named(rows, "mid").step->icer == doctest::Approx(1000).epsilon(1e-12));
  CHECK(row_named(rows, "high").step->icer == doctest::Approx(1000).epsilon(1e-12));
}

TEST_CASE("incremental_analysis: an option just above or below the line is judged as such") {
  // Mid moved up by 0.001: ICERs 100.001/0.1 = 1000.01 then 99.999/0.1 = 999.99, a relative
  // difference of 2e-5, far beyond rounding: extendedly dominated.
  check_table({{"low", 600, 0.6}, {"mid", 700.001, 0.7}, {"high", 800, 0.8}},
              {{"low", F, {}, {}}, {"mid", ED, {"low", "high"}, {}}, {"high", F, {}, 1000}});
  // Moved down by 0.001: ICERs 999.99 then 1000.01, increasing: on the frontier.
  check_table({{"low", 600, 0.6}, {"mid", 699.999, 0.7}, {"high", 800, 0.8}},
              {{"low", F, {}, {}}, {"mid", F, {}, 999.99}, {"high", F, {}, 1000.01}});
}

TEST_CASE("incremental_analysis: negative costs and effects need no special treatment") {
  // Effects as QALYs relative to a reference (so negative), one option saving money. By cost:
  // A -200/-3, E 0/-3.5 (dearer and worse than A: dominated), B 100/-2, C 250/-1.9, D 450/-1.
  // ICERs: B 300/1 = 300, C 150/0.1 = 1500 > D 200/0.9 = 222.2 (C out); D vs B = 350/1 = 350.
  check_table({{"A", -200, -3}, {"B", 100, -2}, {"C", 250, -1.9}, {"D", 450, -1}, {"E", 0, -3.5}},
              {{"A", F, {}, {}},
               {"E", D, {"A"}, {}},
               {"B", F, {}, 300},
               {"C", ED, {"B", "D"}, {}},
               {"D", F, {}, 350}});
}

TEST_CASE(
    "incremental_analysis: an option can be dominated by one that is not its neighbour in "
    "cost") {
  // By cost: A 0/10, B 10/3, C 20/5. C beats its cheaper neighbour B, but A costs less and does
  // more than both: comparing only with the neighbour would put C on the frontier.
  check_table({{"C", 20, 5}, {"B", 10, 3}, {"A", 0, 10}},
              {{"A", F, {}, {}}, {"B", D, {"A"}, {}}, {"C", D, {"A"}, {}}});
}

TEST_CASE(
    "incremental_analysis: of identical options the first in input order stays on the "
    "frontier and the others share its verdict") {
  // B and "B again" match (200/2): the first listed is the frontier option, the other is
  // kIdentical. X and "X again" (300/1.5) are both dominated by B, the representative.
  check_table(
      {{"A", 100, 1}, {"B", 200, 2}, {"X", 300, 1.5}, {"B again", 200, 2}, {"X again", 300, 1.5}},
      {{"A", F, {}, {}},
       {"B", F, {}, 100},
       {"B again", I, {"B"}, {}},
       {"X", D, {"B"}, {}},
       {"X again", D, {"B"}, {}}});
  check_table({{"B again", 200, 2}, {"A", 100, 1}, {"B", 200, 2}},
              {{"A", F, {}, {}}, {"B again", F, {}, 100}, {"B", I, {"B again"}, {}}});
  // Twins of an extendedly dominated option: M 150/1 lies above A-C (ICER 150 > 50).
  check_table({{"A", 0, 0}, {"M", 150, 1}, {"M again", 150, 1}, {"C", 200, 2}},
              {{"A", F, {}, {}},
               {"M", ED, {"A", "C"}, {}},
               {"M again", ED, {"A", "C"}, {}},
               {"C", F, {}, 100}});
  // All identical.
  check_table({{"p", 5, 1}, {"q", 5, 1}, {"r", 5, 1}},
              {{"p", F, {}, {}}, {"q", I, {"p"}, {}}, {"r", I, {"p"}, {}}});
}

TEST_CASE(
    "incremental_analysis and optimal_at: non-finite inputs and repeated names are "
    "rejected") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::vector<FrontierInput>> bad{
      {{"a", 0, 0}, {"b", nan, 1}}, {{"a", 0, 0}, {"b", 1, nan}}, {{"a", inf, 0}}, {{"a", 0, -inf}},
      {{"a", 0, 0}, {"a", 1, 1}},
  };
  for (const auto& options : bad) {
    CHECK_THROWS_AS(incremental_analysis(options), std::invalid_argument);
    CHECK_THROWS_AS(optimal_at(options, 20000), std::invalid_argument);
  }
  CHECK_THROWS_AS(optimal_at({}, 20000), std::invalid_argument);
  CHECK_THROWS_AS(optimal_at(herc_example(), nan), std::invalid_argument);
  CHECK_THROWS_AS(optimal_at(herc_example(), inf), std::invalid_argument);
}

TEST_CASE("frontier: status_label names each status") {
  CHECK(std::string(status_label(Status::kFrontier)) == "frontier");
  CHECK(std::string(status_label(Status::kStronglyDominated)) == "strongly dominated");
  CHECK(std::string(status_label(Status::kExtendedlyDominated)) == "extendedly dominated");
  CHECK(std::string(status_label(Status::kIdentical)) == "identical");
}

TEST_CASE("optimal_at: the HERC example, between and at the frontier ICERs") {
  // Frontier UC, B (5000), D (12500), E (20000); input order E D C B A UC, so UC is index 5,
  // B 3, D 1, E 0. At an ICER the two options tie in net benefit and the cheaper is chosen:
  // at 5000, UC 5000 - 5000 = 0 = B 10000 - 10000; at 12500, B 15000 = D 15000.
  const std::vector<FrontierInput> options = herc_example();
  CHECK(optimal_at(options, 0) == 5);
  CHECK(optimal_at(options, 4999) == 5);
  CHECK(optimal_at(options, 5000) == 5);
  CHECK(optimal_at(options, 5001) == 3);
  CHECK(optimal_at(options, 12500) == 3);
  CHECK(optimal_at(options, 15000) == 1);
  CHECK(optimal_at(options, 20000) == 1);
  CHECK(optimal_at(options, 20001) == 0);
  CHECK(optimal_at(options, 1e9) == 0);
  // Ties in net benefit at equal cost go to the earlier option.
  CHECK(optimal_at({{"x", 5, 1}, {"y", 5, 1}}, 10) == 0);
  CHECK(optimal_at({{"y", 5, 1}, {"x", 5, 1}}, 10) == 0);
}

TEST_CASE("optimal_at: the largest willingness to pay still picks the more effective option") {
  // At 1e308 per QALY, 1e308 * 10 and 1e308 * 11 both overflow to infinity: compared as two
  // net benefits they would tie, and the tie would go to the cheaper, less effective option.
  // Compared as the incremental net benefit, 1e308 * (11 - 10) - 100 is finite and positive.
  const std::vector<FrontierInput> options = {{"fewer QALYs", 100, 10}, {"more QALYs", 200, 11}};
  CHECK(optimal_at(options, 1e308) == 1);
  CHECK(optimal_at(options, pimhsim::economics::kMaxWillingnessToPay) == 1);
  CHECK(optimal_at(options, 99) == 0);   // below the ICER of 100
  CHECK(optimal_at(options, 100) == 0);  // at it, the cheaper
}

TEST_CASE("incremental_nmb: the cost difference survives a large willingness to pay") {
  using pimhsim::economics::incremental_nmb;
  const FrontierInput a{"a", 0, 1}, b{"b", 1000, 1}, c{"c", 1000, 1.5};
  // 1e20 * 1 - 0 and 1e20 * 1 - 1000 are the same double: their difference loses the cost.
  CHECK(incremental_nmb(1e20, a, b) == -1000);
  CHECK(incremental_nmb(1e20, b, a) == 1000);
  CHECK(incremental_nmb(20000, a, c) == 20000 * 0.5 - 1000);
  CHECK(incremental_nmb(0, c, a) == 1000);
}
