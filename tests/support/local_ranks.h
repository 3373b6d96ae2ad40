// Ranks of a distributed run as threads of one process (core/messages.h over mailboxes), so that
// the exchange between ranks (core/ranks.h) is tested without MPI.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/messages.h"

namespace pimhsim::test {

// Mailboxes of `size` ranks in one process.
struct Post {
  explicit Post(int size) : boxes(static_cast<std::size_t>(size)) {}
  std::mutex mutex;
  std::vector<std::deque<core::Message>> boxes;
};

class Local final : public core::Messages {
 public:
  Local(Post& post, int rank) : post_(post), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return static_cast<int>(post_.boxes.size()); }
  void send(int to, int tag, std::string body) override {
    const std::lock_guard lock(post_.mutex);
    post_.boxes.at(static_cast<std::size_t>(to)).push_back({rank_, tag, std::move(body)});
  }
  std::optional<core::Message> poll() override {
    const std::lock_guard lock(post_.mutex);
    auto& box = post_.boxes.at(static_cast<std::size_t>(rank_));
    if (box.empty()) return std::nullopt;
    core::Message m = std::move(box.front());
    box.pop_front();
    return m;
  }

 private:
  Post& post_;
  int rank_;
};

}  // namespace pimhsim::test
