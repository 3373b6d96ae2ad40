// Failures a caller expects, as values: bad input (a setting, a file, a results directory that
// cannot be used), a run stopped on request, or a run that failed for a reason outside the input
// (a full disk, a model rule broken by a parameter draw). Each kind has the exit status a command
// line reports for it. Exceptions remain for broken preconditions: a caller's bug.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace pimhsim::core {

enum class StatusCode {
  kOk = 0,
  kFailed = 1,         // the run could not complete
  kBadInput = 2,       // nothing was run or written
  kInterrupted = 130,  // stopped on request after saving its work (128 + SIGINT, as a shell says)
};

class Status {
 public:
  Status() = default;  // success
  static Status bad_input(std::string message) {
    return {StatusCode::kBadInput, std::move(message)};
  }
  static Status failed(std::string message) { return {StatusCode::kFailed, std::move(message)}; }
  static Status interrupted(std::string message) {
    return {StatusCode::kInterrupted, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // What happened and what to do about it (empty on success).
  const std::string& message() const { return message_; }
  // The exit status of a command that ends with this status.
  int exit_code() const { return static_cast<int>(code_); }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value, or the status that says why there is none.
template <class T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}          // NOLINT: a value converts implicitly
  Expected(Status status) : status_(std::move(status)) {}  // NOLINT: so does a failure
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace pimhsim::core
