#include "scanner/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <tbb/parallel_for_each.h>

#include "core/scan_stop.h"
#include "scanner/file_source.h"
#include "scanner/mount_point.h"

namespace datavagt {

namespace {

struct Node {
  std::string path;
  bool is_dir;
  dev_t dev;  // the root's file system
  bool is_root = false;
  bool have_stat = false;  // WalkOptions::stat_files: `st` is the file's lstat
  struct stat st {};
};

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

std::string join(const std::string& dir, const char* name) {
  std::string p = dir;
  if (p.empty() || p.back() != '/') p += '/';
  p += name;
  return p;
}

int open_directory(const std::string& path, bool follow) {
  const int base = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), base | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), base);
  return fd;
}

class Walk {
 public:
  Walk(const WalkOptions& o, WalkVisitor& v, WalkCounts& c) : options_(o), visitor_(v), counts_(c) {}

  void list(const Node& dir, tbb::feeder<Node>& feeder) const {
    counts_.directories++;
    const int fd = open_directory(dir.path, dir.is_root);
    if (fd < 0) {
      if (dir.is_root) counts_.unreadable_roots++;
      visitor_.error(dir.path, problem_from_errno(errno, "list directory"), true);
      return;
    }
    struct stat dir_st {};
    if (::fstat(fd, &dir_st) == 0) visitor_.directory(dir.path, dir_st, dir.is_root);
    std::unique_ptr<DIR, DirCloser> d(::fdopendir(fd));
    if (!d) {
      const int err = errno;
      ::close(fd);
      if (dir.is_root) counts_.unreadable_roots++;
      visitor_.error(dir.path, problem_from_errno(err, "list directory"), true);
      return;
    }
    std::uint64_t entries = 0;
    for (;;) {
      if (options_.stop != nullptr && options_.stop->requested()) return;  // a huge folder need not be listed on
      errno = 0;
      const dirent* e = ::readdir(d.get());
      if (!e) {
        if (errno != 0) {
          if (dir.is_root && entries == 0) counts_.unreadable_roots++;
          visitor_.error(dir.path, problem_from_errno(errno, "list directory"), true);
        } else if (dir.is_root && entries == 0) {
          if (auto note = empty_root_note(mount_facts(dir.path, ::dirfd(d.get()))))
            visitor_.root_note(dir.path, dir_st, std::move(*note));
        }
        break;
      }
      const char* name = e->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      ++entries;
      unsigned char type = e->d_type;
      struct stat st;
      bool have_stat = false;
      // A regular file is stat'ed here only for the store, or when its inode number is one of our own outputs'
      // (readdir's d_ino; the stat then checks the device): the reader stats the file it opens anyway.
      if (type == DT_UNKNOWN || type == DT_DIR ||
          (type == DT_REG && (options_.stat_files || excluded_inode(e->d_ino)))) {
        if (::fstatat(::dirfd(d.get()), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
          if (errno == ENOENT) continue;  // vanished between readdir and stat: nothing to account for
          visitor_.error(join(dir.path, name), problem_from_errno(errno, "stat"), false);
          continue;
        }
        have_stat = true;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_FIFO;
      }
      switch (type) {
        case DT_DIR:
          if (options_.one_file_system && have_stat && st.st_dev != dir.dev) {
            counts_.other_fs++;
            visitor_.skipped_directory(join(dir.path, name));
            break;
          }
          if (std::string path = join(dir.path, name); !excluded(path, true))
            feeder.add(Node{std::move(path), true, dir.dev});
          break;
        case DT_REG:
          if (have_stat && options_.excluded.count({st.st_dev, st.st_ino})) break;
          {
            Node file{join(dir.path, name), false, dir.dev};
            if (excluded(file.path, false)) break;
            if (have_stat) {
              file.have_stat = true;
              file.st = st;
            }
            feeder.add(std::move(file));
          }
          break;
        case DT_LNK: counts_.symlinks++; break;
        default: counts_.special++; break;
      }
    }
  }

  bool excluded_inode(ino_t ino) const {
    for (const auto& [dev, excluded_ino] : options_.excluded)
      if (excluded_ino == ino) return true;
    return false;
  }

  bool excluded(const std::string& path, bool folder) const {
    if (!options_.exclude || !options_.exclude(path, folder)) return false;
    counts_.excluded++;
    // Not visited: left out of the scan's scope by the user, so a findings store marks what it knew there gone
    // (unlike a folder on another file system or one that cannot be listed, whose files it keeps).
    return true;
  }

  void operator()(const Node& n, tbb::feeder<Node>& feeder) const {
    if (options_.stop != nullptr && options_.stop->requested()) return;  // the rest drains without work
    if (n.is_dir)
      list(n, feeder);
    else if (options_.stat_files)
      visitor_.file_with_stat(n.path, n.is_root, n.have_stat ? &n.st : nullptr);
    else
      visitor_.file(n.path, n.is_root);
  }

 private:
  const WalkOptions& options_;
  WalkVisitor& visitor_;
  WalkCounts& counts_;
};

}  // namespace

void walk(const std::vector<std::string>& roots, const WalkOptions& options, WalkVisitor& visitor,
          WalkCounts& counts) {
  std::vector<Node> start;
  for (const auto& root : roots) {
    struct stat st;
    if (::stat(root.c_str(), &st) != 0) {  // a root given as a symlink is followed
      const int err = errno;
      counts.unreadable_roots++;
      visitor.error(root,
                    err == ENOENT || err == ENOTDIR
                        ? Problem::make(ProblemKind::NotFound, std::string("scan root: ") + std::strerror(err))
                        : problem_from_errno(err, "scan root"),
                    false);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      start.push_back(Node{root, true, st.st_dev, true});
    } else if (S_ISREG(st.st_mode)) {
      start.push_back(Node{root, false, st.st_dev, true});
    } else {
      counts.special++;
    }
  }
  Walk w(options, visitor, counts);
  tbb::parallel_for_each(start.begin(), start.end(), w);
}

}  // namespace datavagt
