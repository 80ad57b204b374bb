#pragma once
// A value or a Problem, checked by the compiler ([[nodiscard]]). Expected failures cross module boundaries
// as values, never as exceptions.
#include <cassert>
#include <utility>
#include <variant>

#include "core/problem.h"

namespace datavagt {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit on purpose
  Result(Problem problem) : v_(std::move(problem)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { assert(ok()); return std::get<0>(v_); }
  const T& value() const { assert(ok()); return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Problem& problem() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Problem> v_;
};

}  // namespace datavagt
