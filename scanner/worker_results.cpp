#include "scanner/worker_results.h"

#include <utility>

#include "scanner/scan_worker.h"

namespace datavagt {

ResultStep add_result_frame(Frame& frame, FileVerdict& v, wire::FileEnd& end) {
  wire::Reader r(frame.payload);
  switch (frame.type) {
    case worker_frame::kFinding: {
      auto f = wire::get_finding(r);
      if (!f || !r.done()) return ResultStep::Malformed;
      v.findings.push_back(std::move(*f));
      return ResultStep::More;
    }
    case worker_frame::kProblem: {
      auto p = wire::get_problem(r);
      if (!p || !r.done()) return ResultStep::Malformed;
      v.problems.push_back(std::move(*p));
      return ResultStep::More;
    }
    case worker_frame::kNote:
      v.notes.push_back(std::move(frame.payload));
      return ResultStep::More;
    case worker_frame::kEnd: {
      auto e = wire::get_end(r);
      if (!e || !r.done()) return ResultStep::Malformed;
      end = std::move(*e);
      v.format = end.format;
      v.has_text = end.has_text;
      v.bytes_read = end.bytes_read;
      v.text_bytes = end.text_bytes;
      v.seconds = end.seconds;
      v.info.size = end.size;
      v.info.mtime = end.mtime;
      v.info.owner_uid = end.owner_uid;
      v.info.mode = end.mode;
      return ResultStep::End;
    }
    default:
      return ResultStep::Malformed;
  }
}

wire::FileEnd file_end_of(const FileVerdict& v) {
  wire::FileEnd end;
  end.format = v.format;
  end.has_text = v.has_text;
  end.bytes_read = v.bytes_read;
  end.text_bytes = v.text_bytes;
  end.seconds = v.seconds;
  end.size = v.info.size;
  end.mtime = v.info.mtime;
  end.owner_uid = v.info.owner_uid;
  end.mode = v.info.mode;
  return end;
}

}  // namespace datavagt
