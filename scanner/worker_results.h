#pragma once
// The scanner's side of what a worker process sends for one file (worker_pool.h): each frame (frame_channel.h,
// types of scan_worker.h's worker_frame, payloads of verdict_wire.h) folded into the file's verdict, as the
// frames arrive. The files of a batch request are answered one after the other: after a file's End the caller
// folds the next frames into the next file's verdict. The bytes come from another process, one that may have been corrupted by the file it read:
// nothing in them is trusted (fuzzed: tests/fuzz/worker_result_fuzz.cpp). Pure functions, thread-safe.
#include "core/file_verdict.h"
#include "scanner/frame_channel.h"
#include "scanner/verdict_wire.h"

namespace datavagt {

enum class ResultStep {
  More,       // a finding, problem or note was added: more follow
  End,        // the file's end frame: `end` holds it, the verdict's own fields are set from it
  Malformed,  // a frame of an unknown type, or a payload that does not decode whole: nothing was added
};

// Folds `frame` into `v` (a note's payload is moved out of `frame`).
ResultStep add_result_frame(Frame& frame, FileVerdict& v, wire::FileEnd& end);

// The end frame for a finished verdict, as the worker sends it (the content hash and `retiring` left unset).
wire::FileEnd file_end_of(const FileVerdict& v);

}  // namespace datavagt
