#include "io/tool_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

extern char** environ;

namespace solimob::io {

using clock = std::chrono::steady_clock;

tool_result run_tool(std::vector<std::string> const& argv, clock::time_point deadline) {
  std::vector<char*> args;
  for (auto const& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&files);
  posix_spawnattr_init(&attr);
  for (auto const fd : {0, 1, 2}) {
    posix_spawn_file_actions_addopen(&files, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  }
  // Nothing else of the caller's: the server's sockets and the database are not close-on-exec.
  posix_spawn_file_actions_addclosefrom_np(&files, 3);
  // Its own process group, so that a timeout kills Chromium's helpers too.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  auto const spawned = posix_spawnp(&pid, args[0], &files, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) {
    return tool_result::kFailed;
  }
  auto result = tool_result::kTimedOut;
  while (clock::now() < deadline) {
    // WNOWAIT: the leader stays a zombie, so its group id cannot be reused before the kill below.
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
      result = info.si_code == CLD_EXITED && info.si_status == 0 ? tool_result::kOk : tool_result::kFailed;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  ::kill(-pid, SIGKILL);  // what is left of the group (everything, after a timeout)
  int status = 0;
  ::waitpid(pid, &status, 0);
  return result;
}

std::string tool_path(char const* variable, char const* fallback) {
  auto const* v = std::getenv(variable);
  return v != nullptr && *v != '\0' ? v : fallback;
}

std::vector<std::string> chromium_command(std::filesystem::path const& profile_dir) {
  // No network: every host name resolves to nothing, and addresses (loopback included, "<-loopback>")
  // go through a proxy on the discard port, which refuses them.
  return {tool_path("SOLIMOB_CHROMIUM", "/usr/bin/chromium"),
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-extensions",
          "--host-resolver-rules=MAP * ~NOTFOUND",
          "--proxy-server=127.0.0.1:9",
          "--proxy-bypass-list=<-loopback>",
          "--user-data-dir=" + profile_dir.string()};
}

std::vector<std::string> chromium_print_command(std::filesystem::path const& html, std::filesystem::path const& pdf,
                                                std::filesystem::path const& profile_dir) {
  auto argv = chromium_command(profile_dir);
  argv.push_back("--no-pdf-header-footer");
  argv.push_back("--print-to-pdf=" + pdf.string());
  argv.push_back("file://" + std::filesystem::absolute(html).string());
  return argv;
}

}  // namespace solimob::io
