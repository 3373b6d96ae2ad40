#include "pimhsim/core/ranks.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

namespace pimhsim::core {
namespace {

enum Tag : int { kHello = 1, kWork = 2, kResult = 3, kFailed = 4, kStopped = 5, kDone = 6 };

// How long a rank with nothing to do waits before it looks for messages again: short beside a
// unit (a PSA iteration takes tenths of a second or more), long beside a poll (a microsecond).
constexpr std::chrono::milliseconds kIdle{1};
// How long a rank whose slots are all busy waits for one of its units to finish before it looks
// for messages again. Nothing it could hear then needs an answer sooner (a unit given to it waits
// for a slot), and each look wakes its main thread, which on a machine whose cores all run units
// takes a core from one of them: at 1 ms, England's run on 2 ranks x 1 thread of 2 cores
// switched threads 14,000 times in 4 s against 800 on 1 rank x 2 threads. A unit that finishes
// wakes the rank at once.
constexpr std::chrono::milliseconds kBusy{10};
// The work a rank other than 0 should hold beyond its running units, in seconds: enough to cover
// the round trip of a finished unit to rank 0 and of the next unit back (a poll on each side and
// the scheduler's delay in waking a main thread while the workers have every core), so that its
// slots do not idle when units are short (a DSA's evaluation of one small area takes a
// millisecond or two). Units longer than this wait one at a time; at most kMostWaiting.
constexpr double kCover = 0.004;
constexpr unsigned kMostWaiting = 8;

// Numbers in messages: 8 bytes, as the machine stores them (the ranks of a run share one build).
void put(std::string& out, std::uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}
std::uint64_t get(std::string_view in, std::size_t at) {
  if (in.size() < at + 8) throw std::runtime_error("a truncated message between ranks");
  std::uint64_t v = 0;
  std::memcpy(&v, in.data() + at, 8);
  return v;
}
// The number at the end of `in`, taken off it. A RESULT or FAILED message is the unit's bytes
// (or error) followed by its index, appended rather than put first so that a result of hundreds
// of kB is never copied on either rank.
std::uint64_t take_last(std::string& in) {
  if (in.size() < 8) throw std::runtime_error("a truncated message between ranks");
  const std::uint64_t v = get(in, in.size() - 8);
  in.resize(in.size() - 8);
  return v;
}

// A rank's own threads: `slots` of them, each running one unit at a time.
class Pool {
 public:
  struct Done {
    std::size_t k = 0;
    std::optional<std::string> result;  // none: the unit failed with `error`
    std::string error;
    double seconds = 0;  // how long the unit took
  };
  Pool(unsigned slots, const RankWork& work) : work_(work) {
    for (unsigned t = 0; t < slots; ++t) threads_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    {
      const std::lock_guard lock(mutex_);
      quit_ = true;
      queue_.clear();  // the units under way finish; no other starts
    }
    queue_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  void submit(std::size_t k, std::uint64_t id, std::string input = {}) {
    {
      const std::lock_guard lock(mutex_);
      queue_.push_back({k, id, std::move(input)});
    }
    queue_cv_.notify_one();
  }
  // The units finished since the last call, waiting up to `wait` for one.
  std::vector<Done> take(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (wait.count() > 0) done_cv_.wait_for(lock, wait, [&] { return !done_.empty(); });
    return std::exchange(done_, {});
  }

 private:
  struct Unit {
    std::size_t k = 0;
    std::uint64_t id = 0;
    std::string input;
  };
  void loop() {
    for (;;) {
      Unit unit;
      {
        std::unique_lock lock(mutex_);
        queue_cv_.wait(lock, [&] { return quit_ || !queue_.empty(); });
        if (queue_.empty()) return;
        unit = std::move(queue_.front());
        queue_.pop_front();
      }
      Done d{unit.k, std::nullopt, {}};
      const auto start = std::chrono::steady_clock::now();
      try {
        d.result = work_.work_on ? work_.work_on(unit.id, unit.input) : work_.work(unit.id);
      } catch (const std::exception& e) {
        d.error = e.what();
      } catch (...) {
        d.error = "an unknown error";
      }
      d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      {
        const std::lock_guard lock(mutex_);
        done_.push_back(std::move(d));
      }
      done_cv_.notify_one();
    }
  }

  const RankWork& work_;
  std::mutex mutex_;
  std::condition_variable queue_cv_, done_cv_;
  std::deque<Unit> queue_;
  std::vector<Done> done_;
  bool quit_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

Crew::~Crew() {
  for (int r = 1; r < messages_.size(); ++r) {
    try {
      messages_.send(r, kDone, {});
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor releases what it can
    }
  }
}

Status Crew::gather(std::string_view identity, const std::atomic<bool>* stop) {
  const auto n = static_cast<std::size_t>(messages_.size());
  slots_.assign(n, 0);
  for (std::size_t joined = 1; joined < n;) {
    if (stop != nullptr && stop->load())
      return Status::interrupted("interrupted while the ranks were starting; nothing was run");
    auto m = messages_.poll();
    if (!m) {
      std::this_thread::sleep_for(kIdle);
      continue;
    }
    if (m->tag == kStopped)
      return Status::interrupted(fmt::format(
          "rank {} was interrupted while the ranks were starting; nothing was run", m->from));
    if (m->tag != kHello) continue;
    const auto slots = static_cast<unsigned>(get(m->body, 0));
    if (std::string_view(m->body).substr(8) != identity)
      return Status::bad_input(fmt::format(
          "rank {} was started for another job than rank 0's (another scenario, data or "
          "settings): every rank must read the same files with the same options, on a shared "
          "filesystem (docs/distributed.md)",
          m->from));
    slots_[static_cast<std::size_t>(m->from)] = std::max(1U, slots);
    ++joined;
  }
  return Status();
}

std::string Crew::under_way() const {
  const std::lock_guard lock(mutex_);
  std::string text;
  for (const auto& [k, unit] : flying_)
    text += fmt::format("{}{} on rank {}", text.empty() ? "" : ", ",
                        name_ ? name_(unit.second) : std::to_string(unit.second), unit.first);
  return text;
}

void Crew::run(const std::vector<std::uint64_t>& ids, const RankWork& local,
               const std::function<std::string(std::uint64_t)>& name,
               const std::function<void(std::size_t, std::string)>& consume,
               const std::vector<std::string>* inputs,
               const std::function<unsigned(unsigned)>& at_once) {
  {
    const std::lock_guard lock(mutex_);
    name_ = name;
  }
  // The caller's name function may refer to what lives only during this call: forgotten when the
  // call ends, however it ends (under_way() then names units by id).
  struct Forget {
    Crew& crew;
    ~Forget() {
      const std::lock_guard lock(crew.mutex_);
      crew.name_ = nullptr;
    }
  } forget{*this};
  slots_.resize(static_cast<std::size_t>(messages_.size()), 1);
  slots_[0] = std::max(1U, local.slots);
  std::vector<unsigned> slots = slots_;  // this call's
  if (at_once)
    for (std::size_t r = 1; r < slots.size(); ++r) slots[r] = std::max(1U, at_once(slots[r]));
  // The free slots, one entry per slot naming its rank, interleaved across ranks; then one more
  // for each slot of every other rank (more once units prove short: wait_more): a unit waiting on
  // the rank for the next free slot, so that the rank starts it as soon as one finishes, without
  // waiting for rank 0 to hear of that one and answer (up to a poll's interval, kIdle, on each
  // side, per unit).
  std::deque<int> free;
  for (unsigned s = 0;; ++s) {
    bool any = false;
    for (std::size_t r = 0; r < slots.size(); ++r)
      if (s < slots[r]) {
        free.push_back(static_cast<int>(r));
        any = true;
      }
    if (!any) break;
  }
  std::size_t all_slots = 0;
  for (const unsigned s : slots) all_slots += s;
  for (std::size_t r = 1; r < slots.size(); ++r)
    for (unsigned s = 0; s < slots[r]; ++s) free.push_back(static_cast<int>(r));
  const std::size_t base_window = 4 * free.size();
  std::vector<std::size_t> held(slots.size(), 0);  // units given to each rank, not yet back
  // Units each slot of another rank may hold waiting: one, and more while rank 0's own recent
  // units are short (kCover). A rank's places (its entries in `free` and the units it holds) are
  // its slots times 1 + waiting; more are added as `waiting` grows, and those beyond it are given
  // up as its units come back when it shrinks.
  unsigned waiting = 1;
  std::vector<std::size_t> places(slots.size());
  for (std::size_t r = 0; r < slots.size(); ++r) places[r] = r == 0 ? slots[0] : 2 * slots[r];
  const auto allowed = [&](std::size_t r) {
    return r == 0 ? std::size_t{slots[0]} : std::size_t{slots[r]} * (1 + waiting);
  };
  double recent = -1;  // rank 0's unit time, a moving average over about its last 8 units
  const auto wait_more = [&](double seconds) {
    recent = recent < 0 ? seconds : recent + (seconds - recent) / 8;
    waiting = static_cast<unsigned>(
        std::min<double>(kMostWaiting, std::max(1.0, std::ceil(kCover / std::max(recent, 1e-6)))));
    for (std::size_t r = 1; r < slots.size(); ++r)
      for (; places[r] < allowed(r); ++places[r]) free.push_back(static_cast<int>(r));
  };
  // Units handed out beyond the lowest not yet consumed: 4 a slot, and room for each extra
  // waiting place (its result may wait to be consumed).
  const std::size_t other_slots = all_slots - slots[0];
  const auto window = [&] { return base_window + (waiting - 1) * other_slots; };
  // Rank 0 waits for its own units up to kIdle between looks at the others' messages, and longer
  // (up to kBusy) while its slots are all busy and a unit takes long enough that the one waiting on
  // each other rank (at least `recent` seconds of work) keeps that rank busy meanwhile.
  const auto rank0_wait = [&] {
    if (held[0] < slots[0] || recent < 0) return kIdle;
    const auto half_unit = std::chrono::milliseconds(static_cast<long>(recent * 500));
    return std::clamp(half_unit, kIdle, kBusy);
  };
  const std::size_t n = ids.size();
  std::map<std::size_t, std::pair<int, std::string>> ready;  // finished, not yet consumed: rank
  struct Failure {
    std::size_t k;
    int rank;
    std::string what;
  };
  std::optional<Failure> failure;  // the lowest failed unit
  std::exception_ptr consume_error;
  std::size_t next = 0, consumed = 0;
  Pool pool(slots_[0], local);
  const auto finished = [&](int rank, std::size_t k, std::optional<std::string> result,
                            std::string what) {
    std::uint64_t id = 0;
    {
      const std::lock_guard lock(mutex_);
      const auto at = flying_.find(k);
      if (at == flying_.end() || at->second.first != rank)
        throw std::runtime_error("returned a unit it was not given");
      id = at->second.second;
      flying_.erase(at);
    }
    const auto r = static_cast<std::size_t>(rank);
    --held[r];
    if (places[r] > allowed(r))
      --places[r];  // fewer units wait now: this place is given up
    else
      free.push_back(rank);
    if (result)
      ready.emplace(k, std::make_pair(rank, std::move(*result)));
    else if (!failure || k < failure->k)
      failure = Failure{k, rank, fmt::format("rank {}, {}: {}", rank, name(id), what)};
  };
  for (;;) {
    interrupted_ = interrupted_ || (local.stop != nullptr && local.stop->load());
    const bool ending = interrupted_ || failure || consume_error;
    while (!ending && !free.empty() && next < n && next < consumed + window()) {
      const int r = free.front();
      free.pop_front();
      // A unit that would wait behind a busy rank's running ones is given only while more units
      // are left than there are slots: at a pass's end it would keep a slot elsewhere idle that
      // could have run it. The rank's place is given up for this call (fewer units are left each
      // time), and comes back with each unit it returns.
      if (held[static_cast<std::size_t>(r)] >= slots[static_cast<std::size_t>(r)] &&
          n - next <= all_slots) {
        --places[static_cast<std::size_t>(r)];
        continue;
      }
      ++held[static_cast<std::size_t>(r)];
      {
        const std::lock_guard lock(mutex_);
        flying_.emplace(next, std::make_pair(r, ids[next]));
      }
      if (r == 0) {
        pool.submit(next, ids[next], inputs != nullptr ? inputs->at(next) : std::string());
      } else {
        std::string body;
        put(body, next);
        put(body, ids[next]);
        put(body, slots[static_cast<std::size_t>(r)]);  // how many of these units run at once
        if (inputs != nullptr) body += inputs->at(next);
        messages_.send(r, kWork, std::move(body));
      }
      ++next;
    }
    while (!consume_error && (!failure || consumed < failure->k)) {
      auto node = ready.extract(consumed);
      if (node.empty()) break;
      try {
        consuming_rank_ = node.mapped().first;
        consume(consumed, std::move(node.mapped().second));
      } catch (...) {
        consume_error = std::current_exception();
      }
      ++consumed;
    }
    bool flying = false;
    {
      const std::lock_guard lock(mutex_);
      flying = !flying_.empty();
    }
    if (consumed == n || ((interrupted_ || failure || consume_error) && !flying)) break;
    bool heard = false;
    while (auto m = messages_.poll()) {
      heard = true;
      try {
        if (m->tag == kResult) {
          const std::uint64_t k = take_last(m->body);
          finished(m->from, k, std::move(m->body), {});
        } else if (m->tag == kFailed) {
          const std::uint64_t k = take_last(m->body);
          finished(m->from, k, std::nullopt, std::move(m->body));
        } else if (m->tag == kStopped)
          interrupted_ = true;
      } catch (const std::runtime_error& e) {
        throw std::runtime_error(fmt::format("rank {}: {}", m->from, e.what()));
      }
    }
    for (auto& d : pool.take(heard ? std::chrono::milliseconds(0) : rank0_wait())) {
      if (slots.size() > 1) wait_more(d.seconds);
      finished(0, d.k, std::move(d.result), std::move(d.error));
    }
  }
  if (consume_error) std::rethrow_exception(consume_error);
  if (failure) throw std::runtime_error(failure->what);
}

void serve_rank(Messages& messages, std::string_view identity, const RankWork& work) {
  std::string hello;
  put(hello, work.slots);
  hello += identity;
  messages.send(0, kHello, std::move(hello));
  Pool pool(std::max(1U, work.slots), work);
  // Units given beyond those running wait here until fewer than their `at_once` run (rank 0
  // sends one or more per slot beyond those the rank runs at once: Crew::run).
  struct Waiting {
    std::size_t k = 0;
    std::uint64_t id = 0, at_once = 1;
    std::string input;
  };
  std::deque<Waiting> waiting;
  std::uint64_t running = 0;
  std::uint64_t at_once = 1;  // of the units last started: how many run at once
  const auto start = [&] {
    while (!waiting.empty() && running < std::max<std::uint64_t>(1, waiting.front().at_once)) {
      at_once = std::max<std::uint64_t>(1, waiting.front().at_once);
      pool.submit(waiting.front().k, waiting.front().id, std::move(waiting.front().input));
      waiting.pop_front();
      ++running;
    }
  };
  bool said_stopped = false;
  for (;;) {
    bool heard = false;
    while (auto m = messages.poll()) {
      heard = true;
      if (m->tag == kDone) return;
      if (m->tag == kWork)
        waiting.push_back({get(m->body, 0), get(m->body, 8), get(m->body, 16), m->body.substr(24)});
    }
    start();
    if (!said_stopped && work.stop != nullptr && work.stop->load()) {
      messages.send(0, kStopped, {});
      said_stopped = true;
    }
    // Busy: as many units run as may (a unit that runs alone may use every thread).
    const bool busy = running > 0 && running >= at_once;
    for (auto& d : pool.take(heard ? std::chrono::milliseconds(0) : busy ? kBusy : kIdle)) {
      --running;
      start();
      const int tag = d.result ? kResult : kFailed;
      std::string body = d.result ? std::move(*d.result) : std::move(d.error);
      put(body, d.k);  // last (take_last)
      messages.send(0, tag, std::move(body));
    }
  }
}

}  // namespace pimhsim::core
