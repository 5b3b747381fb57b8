// Kills a logging process (log_crash_writer) with SIGKILL at random moments and
// checks that a reader recovers every acknowledged record, once, and nothing else.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "log/log_test_util.h"
#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "log/segment_reader.h"
#include "util/file_io.h"

namespace hindsight::log {
namespace {

constexpr int kIterations = 25;
constexpr uint64_t kSeed = 20260501;

struct ChildRun {
  int64_t acknowledged = 0;
  bool killed = false;
};

// Runs the writer for `run_for`, kills it, and returns the last acknowledgement it printed.
ChildRun RunAndKill(const std::string& dir, uint64_t seed, std::chrono::milliseconds run_for) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    const std::string seed_text = std::to_string(seed);
    ::execl(LOG_CRASH_WRITER_PATH, LOG_CRASH_WRITER_PATH, dir.c_str(), seed_text.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::this_thread::sleep_for(run_for);
  ChildRun run;
  run.killed = ::kill(pid, SIGKILL) == 0;
  int wait_status = 0;
  ::waitpid(pid, &wait_status, 0);
  run.killed = run.killed && WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL;
  std::string output;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof(buffer));
    if (n <= 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  // Only whole lines count: the last one may be torn by the kill.
  const size_t last_newline = output.rfind('\n');
  if (last_newline == std::string::npos) return run;
  const size_t line_start = output.rfind('\n', last_newline - 1);
  const std::string line =
      output.substr(line_start == std::string::npos ? 0 : line_start + 1,
                    last_newline - (line_start == std::string::npos ? 0 : line_start + 1));
  EXPECT_EQ(line.rfind("acked ", 0), 0u) << line;
  run.acknowledged = std::stoll(line.substr(6));
  return run;
}

// Appends a torn copy of the first frame of the newest segment (as a crash in the
// middle of write() would leave) and returns how many bytes were appended.
uint64_t AppendTornFrame(const std::string& dir, std::mt19937_64& random) {
  StatusOr<std::vector<uint64_t>> segments = ListSegments(dir);
  if (!segments.ok() || segments->empty()) return 0;
  const std::string path = dir + "/" + SegmentFileName(segments->back());
  StatusOr<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(path);
  if (!reader.ok()) return 0;
  StatusOr<std::optional<SegmentBatch>> first = (*reader)->Next();
  if (!first.ok() || !first->has_value()) return 0;
  StatusOr<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return 0;
  const uint64_t frame_size = (*first)->end_offset - kSegmentHeaderSize;
  const uint64_t torn = 1 + random() % (frame_size - 1);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  if (fd < 0) return 0;
  const ssize_t written = ::write(fd, bytes->data() + kSegmentHeaderSize, torn);
  ::close(fd);
  return written == static_cast<ssize_t>(torn) ? torn : 0;
}

TEST(LogCrashTest, KillNineNeverLosesAcknowledgedRecordsOrDuplicates) {
  std::mt19937_64 random(kSeed);
  uint64_t total_bytes_lost = 0;
  int64_t total_acknowledged = 0;
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    const std::string dir = testing::MakeTempDirectory("crash_" + std::to_string(iteration));
    const auto run_for = std::chrono::milliseconds(20 + random() % 400);
    const ChildRun run = RunAndKill(dir, random(), run_for);
    ASSERT_TRUE(run.killed) << "iteration " << iteration << ": the writer exited on its own";
    StatusOr<testing::DirectoryContents> contents = testing::ReadDirectory(dir);
    ASSERT_TRUE(contents.ok()) << "iteration " << iteration << ": " << contents.status();
    // One logging thread and a FIFO queue: what survives is exactly r0..r<n-1>,
    // n >= acknowledged (complete but unacknowledged frames may survive too).
    const std::vector<std::string>& ids = contents->record_ids;
    ASSERT_GE(static_cast<int64_t>(ids.size()), run.acknowledged) << "iteration " << iteration;
    std::set<std::string> unique(ids.begin(), ids.end());
    ASSERT_EQ(unique.size(), ids.size()) << "iteration " << iteration << ": duplicates";
    for (size_t i = 0; i < ids.size(); ++i) {
      ASSERT_EQ(ids[i], "r" + std::to_string(i)) << "iteration " << iteration;
    }
    // A crash inside write() leaves a torn frame: it is reported and skipped.
    const uint64_t torn = AppendTornFrame(dir, random);
    StatusOr<testing::DirectoryContents> with_torn_tail = testing::ReadDirectory(dir);
    ASSERT_TRUE(with_torn_tail.ok()) << with_torn_tail.status();
    EXPECT_EQ(with_torn_tail->record_ids, ids);
    EXPECT_EQ(with_torn_tail->bytes_lost, contents->bytes_lost + torn);
    total_bytes_lost += with_torn_tail->bytes_lost;
    total_acknowledged += run.acknowledged;
    std::printf(
        "iteration %d: killed after %lld ms, acknowledged %lld, recovered %zu, "
        "torn tail bytes after the kill %llu, after appending a torn frame %llu\n",
        iteration, static_cast<long long>(run_for.count()),
        static_cast<long long>(run.acknowledged), ids.size(),
        static_cast<unsigned long long>(contents->bytes_lost),
        static_cast<unsigned long long>(with_torn_tail->bytes_lost));
  }
  EXPECT_GT(total_acknowledged, 0);
  std::printf("total torn tail bytes over %d kills: %llu\n", kIterations,
              static_cast<unsigned long long>(total_bytes_lost));
}

}  // namespace
}  // namespace hindsight::log
