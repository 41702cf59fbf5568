#include <chrono>
#include <filesystem>
#include <system_error>

#include "core/error.h"
#include "io/file_util.h"
#include "io/tool_runner.h"
#include "report/report.h"

namespace solimob::report {

namespace fs = std::filesystem;

void write_pdf(fs::path const& html, fs::path const& pdf, int timeout_s) {
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds{timeout_s};
  if (!fs::exists(html)) {
    throw io_error{html.string() + ": no such file (the report to print)"};
  }
  auto const chromium = io::tool_path("SOLIMOB_CHROMIUM", "/usr/bin/chromium");
  if (chromium.find('/') != std::string::npos && !fs::exists(chromium)) {
    throw io_error{"Chromium not found at " + chromium + ": install it (scripts/install-deps) or set SOLIMOB_CHROMIUM"};
  }
  auto const suffix = io::unique_suffix();
  auto const dir = pdf.has_parent_path() ? pdf.parent_path() : fs::path{"."};
  // Chromium writes beside the target, then one rename: a reader never sees half a PDF.
  auto const tmp = dir / ("." + pdf.filename().string() + "." + suffix + ".tmp");
  auto const profile = fs::temp_directory_path() / ("solimob-chromium-" + suffix);
  std::error_code ec;
  auto const clean = [&] {
    fs::remove_all(profile, ec);
    fs::remove(tmp, ec);
  };
  auto const result =
      io::run_tool(io::chromium_print_command(fs::absolute(html), fs::absolute(tmp), profile), deadline);
  if (result == io::tool_result::kTimedOut) {
    clean();
    throw io_error{pdf.string() + ": Chromium did not print " + html.string() + " within " + std::to_string(timeout_s) +
                   " s"};
  }
  if (result != io::tool_result::kOk || !fs::exists(tmp) || fs::file_size(tmp) == 0) {
    clean();
    throw io_error{pdf.string() + ": Chromium (" + chromium + ") could not print " + html.string()};
  }
  fs::rename(tmp, pdf, ec);
  if (ec) {
    clean();
    throw io_error{pdf.string() + ": cannot write (" + ec.message() + ")"};
  }
  fs::remove_all(profile, ec);
}

}  // namespace solimob::report
