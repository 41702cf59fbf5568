#pragma once

// External tools (pandoc, headless Chromium) run with a deadline and no network, shared by the server's
// exports and the report renderer.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace solimob::io {

enum class tool_result { kOk, kFailed, kTimedOut };

// Runs argv (no shell) in its own process group with stdin, stdout and stderr on /dev/null and no other
// inherited file descriptor; at the deadline the whole group is killed.
tool_result run_tool(std::vector<std::string> const& argv, std::chrono::steady_clock::time_point deadline);

// The value of environment variable `variable`, else `fallback` (tool paths: $SOLIMOB_CHROMIUM...).
std::string tool_path(char const* variable, char const* fallback);

// Headless Chromium ($SOLIMOB_CHROMIUM, else /usr/bin/chromium) with every network access disabled and
// its profile in `profile_dir`; append the action (--print-to-pdf=..., --screenshot=...) and the URL.
std::vector<std::string> chromium_command(std::filesystem::path const& profile_dir);

// argv printing `html` (a file) to `pdf` without header nor footer.
std::vector<std::string> chromium_print_command(std::filesystem::path const& html, std::filesystem::path const& pdf,
                                                std::filesystem::path const& profile_dir);

}  // namespace solimob::io
