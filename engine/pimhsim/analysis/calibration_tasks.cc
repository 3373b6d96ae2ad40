// A calibration's model runs on the threads of one machine or the ranks of a distributed run
// (calibration_internal.h's run_tasks), and what a rank other than 0 runs (calibration.h's
// calibration_rank_work).
//
// Under mpirun the tasks travel as text. Rank 0 sends with each task the runs of it the journal
// already holds (an optimiser's start from its journal on --resume); the rank that runs it sends
// back the result and every new model run, which rank 0 journals. A model run travels as its
// journal line (calibration_journal.cc: exact numbers), so that a task's result is the same bits
// whichever rank made it. A start that a signal ends mid-way sends back the runs it made, and
// rank 0 journals them before the calibration ends as interrupted.
#include <fmt/format.h>

#include <mutex>
#include <stdexcept>

#include "pimhsim/analysis/calibration_internal.h"
#include "pimhsim/analysis/journal_format.h"
#include "pimhsim/core/ranks.h"

namespace pimhsim::analysis {
namespace calibration_detail {
namespace {

TaskResult run_task(const Evaluator& ev, const CalibrationSettings& st, const Task& t) {
  TaskResult r;
  if (t.start)
    r.start = optimise_from(ev, st, t.x, t.index);
  else
    r.evaluation = ev(t.key, t.x, t.index);
  return r;
}

std::string numbers(const std::vector<double>& v) {
  std::string out;
  for (double x : v) out += fmt::format(" {}", x);
  return out;
}

std::vector<double> read_numbers(const std::vector<std::string_view>& f, std::size_t from,
                                 std::size_t n) {
  if (f.size() < from + n) throw std::runtime_error("a truncated calibration task between ranks");
  std::vector<double> v;
  for (std::size_t i = from; i < from + n; ++i) {
    const auto x = read_number(f[i]);
    if (!x) throw std::runtime_error("a damaged calibration task between ranks");
    v.push_back(*x);
  }
  return v;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at <= line.size();) {
    const auto end = std::min(line.find(' ', at), line.size());
    out.push_back(line.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = std::min(text.find('\n', at), text.size());
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// A task as text: "start|point INDEX KEY x1..xd", then the journal's lines of its runs.
std::string task_text(const Task& t, const EvaluationLog* log) {
  std::string out =
      fmt::format("{} {} {}{}\n", t.start ? "start" : "point", t.index, t.key, numbers(t.x));
  if (log == nullptr) return out;
  if (!t.start) {
    if (const auto it = log->done.find(t.key); it != log->done.end())
      out += evaluation_line(it->first, it->second);
    return out;
  }
  const std::string prefix = t.key + ".";
  for (auto it = log->done.lower_bound(prefix);
       it != log->done.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    out += evaluation_line(it->first, it->second);
  return out;
}

// Runs a task given as text on this thread; its result as text: "ok|stopped" (a start's: then
// EVALUATIONS FAILED OBJECTIVE z1..zd), a model run's result line "= LINE", and each new model
// run "+ LINE".
std::string run_task_text(const CalibrationProblem& p, const CalibrationSettings& st,
                          std::string_view text, const std::atomic<bool>* stop) {
  const auto all = lines(text);
  if (all.empty()) throw std::runtime_error("an empty calibration task between ranks");
  const auto f = words(all[0]);
  const std::size_t d = p.dimensions(), targets = p.targets().targets.size();
  // A start's point is its scores, a model run's its values.
  const std::size_t width = !f.empty() && f[0] == "start" ? p.score_dimensions() : d;
  if (f.size() != 3 + width || (f[0] != "start" && f[0] != "point"))
    throw std::runtime_error("a damaged calibration task between ranks");
  Task t;
  t.start = f[0] == "start";
  t.index = static_cast<std::uint32_t>(read_numbers(f, 1, 1)[0]);
  t.key = std::string(f[2]);
  t.x = read_numbers(f, 3, width);
  EvaluationLog log;
  for (std::size_t i = 1; i < all.size(); ++i)
    if (auto e = parse_evaluation_line(std::string(all[i]) + "\n", d, targets))
      log.done.insert_or_assign(e->first, std::move(e->second));
  std::string made;
  log.record = [&](const std::string& key, const Evaluation& e) {
    made += "+ " + evaluation_line(key, e);
  };
  log.stop = t.start ? stop : nullptr;  // a model run under way is finished
  const Evaluator ev(p, &log);
  try {
    const auto r = run_task(ev, st, t);
    if (t.start)
      return fmt::format("ok {} {} {}{}\n", r.start.evaluations, r.start.failed, r.start.objective,
                         numbers(r.start.z)) +
             made;
    return "ok\n= " + evaluation_line(t.key, r.evaluation) + made;
  } catch (const Stopped&) {
    return "stopped\n" + made;
  }
}

struct Reply {
  bool stopped = false;
  TaskResult result;
  std::vector<std::pair<std::string, Evaluation>> made;
};

// d: the values of a model run, dz: the scores of a start's result.
Reply read_reply(std::string_view text, const Task& t, std::size_t d, std::size_t dz,
                 std::size_t targets) {
  Reply r;
  const auto all = lines(text);
  const auto head = all.empty() ? std::vector<std::string_view>{} : words(all[0]);
  if (head.empty() || (head[0] != "ok" && head[0] != "stopped"))
    throw std::runtime_error("a damaged calibration result between ranks");
  r.stopped = head[0] == "stopped";
  if (!r.stopped && t.start) {
    const auto n = read_numbers(head, 1, 3 + dz);
    r.result.start.evaluations = static_cast<std::uint32_t>(n[0]);
    r.result.start.failed = static_cast<std::uint32_t>(n[1]);
    r.result.start.objective = n[2];
    r.result.start.z.assign(n.begin() + 3, n.end());
  }
  bool point = false;
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (all[i].size() < 2) continue;
    auto e = parse_evaluation_line(std::string(all[i].substr(2)) + "\n", d, targets);
    if (!e) throw std::runtime_error("a damaged model run between ranks");
    if (all[i][0] == '=') {
      r.result.evaluation = std::move(e->second);
      point = true;
    } else {
      r.made.push_back(std::move(*e));
    }
  }
  if (!r.stopped && !t.start && !point)
    throw std::runtime_error("a calibration result without its model run between ranks");
  return r;
}

}  // namespace

void run_tasks(const Evaluator& ev, const CalibrationSettings& st, const std::vector<Task>& tasks,
               core::ExecutorRef executor, core::Crew* crew,
               const std::function<void(std::size_t, TaskResult)>& consume) {
  if (crew == nullptr || crew->ranks() < 2) {
    core::run_units_in_order<TaskResult>(
        *executor, tasks.size(), [&](std::size_t k) { return run_task(ev, st, tasks[k]); },
        consume);
    return;
  }
  const auto& p = ev.problem();
  EvaluationLog* log = ev.log();
  const std::atomic<bool>* stop = log != nullptr ? log->stop : nullptr;
  std::vector<std::uint64_t> ids(tasks.size());
  std::vector<std::string> inputs;
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    ids[k] = k;
    inputs.push_back(task_text(tasks[k], log));
  }
  bool stopped = false;
  crew->run(
      ids, calibration_rank_work(p, st, executor->concurrency(), stop),
      [&](std::uint64_t k) {
        return tasks[k].start ? fmt::format("optimiser start {}", tasks[k].index)
                              : fmt::format("model run {} ({})", k, tasks[k].key);
      },
      [&](std::size_t k, std::string bytes) {
        auto reply = read_reply(bytes, tasks[k], p.dimensions(), p.score_dimensions(),
                                p.targets().targets.size());
        if (log != nullptr && log->record)
          for (const auto& [key, e] : reply.made) log->record(key, e);
        stopped = stopped || reply.stopped;
        if (!stopped) consume(k, std::move(reply.result));
      },
      &inputs);
  if (stopped || crew->interrupted() || (stop != nullptr && stop->load())) throw Stopped{};
}

}  // namespace calibration_detail

core::RankWork calibration_rank_work(const CalibrationProblem& problem,
                                     const CalibrationSettings& settings, unsigned slots,
                                     const std::atomic<bool>* stop) {
  core::RankWork w;
  w.slots = std::max(1U, slots);
  w.stop = stop;
  w.work_on = [&problem, &settings, stop](std::uint64_t, std::string_view input) {
    return calibration_detail::run_task_text(problem, settings, input, stop);
  };
  return w;
}

}  // namespace pimhsim::analysis
