#include "server/export_runner.h"

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "io/file_util.h"
#include "io/tool_runner.h"
#include "server/api_error.h"

namespace solimob::server {

namespace {

namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;

std::mutex limits_mutex;
export_limits limits;
std::size_t exports_running = 0;  // under limits_mutex

}  // namespace

void set_export_limits(export_limits const& l) {
  std::lock_guard const lock{limits_mutex};
  limits = l;
}

export_limits current_export_limits() {
  std::lock_guard const lock{limits_mutex};
  return limits;
}

export_slot try_export_slot() {
  std::lock_guard const lock{limits_mutex};
  if (exports_running >= limits.concurrent_) {
    return nullptr;
  }
  ++exports_running;
  // The deleter gives the place back; the pointer itself is only a token.
  return export_slot{&limits, [](void const*) {
                       std::lock_guard const l{limits_mutex};
                       --exports_running;
                     }};
}

std::string markdown_text(std::string_view text, bool inline_text) {
  // Inert in running text whatever follows them; every other ASCII punctuation is escaped.
  static constexpr std::string_view kInert = ",.;:?'\"/-()";
  auto const is_punct = [](char c) { return c > 0x20 && c < 0x7F && std::ispunct(static_cast<unsigned char>(c)); };
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  bool line_start = true;
  std::size_t i = 0;
  while (i < text.size()) {
    auto const c = text[i];
    if (c == '\n' || c == '\r') {
      if (inline_text) {
        if (!out.empty() && out.back() != ' ') {
          out += ' ';
        }
      } else if (c == '\n') {
        out += '\n';
        line_start = true;
      }
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {  // tabs and control characters
      out += line_start ? "" : " ";
      ++i;
      continue;
    }
    if (line_start) {
      if (c == ' ') {  // indentation would make a code block
        ++i;
        continue;
      }
      // "12." "b)" "iv." at the start of a line would open a list: escape the delimiter.
      auto j = i;
      while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) {
        ++j;
      }
      if (j > i && j < text.size() && (text[j] == '.' || text[j] == ')')) {
        out.append(text.substr(i, j - i)).append("\\").append(1, text[j]);
        i = j + 1;
        line_start = false;
        continue;
      }
      line_start = false;
      if (is_punct(c)) {
        out += '\\';
        out += c;
        ++i;
        continue;
      }
    }
    if (is_punct(c) && kInert.find(c) == std::string_view::npos) {
      out += '\\';
    }
    out += c;
    ++i;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) {
    out.pop_back();
  }
  return out;
}

void check_names_no_resource(std::string const& pandoc_json) {
  auto const doc = nlohmann::json::parse(pandoc_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw api_error{error_kind::kInternal, "pandoc gave no document"};
  }
  // Depth-first without recursion: the document comes from escaped text, but the check must hold anyway.
  std::vector<nlohmann::json const*> todo{&doc};
  while (!todo.empty()) {
    auto const* j = todo.back();
    todo.pop_back();
    if (j->is_object()) {
      if (auto const t = j->find("t"); t != j->end() && t->is_string()) {
        auto const& tag = t->get_ref<std::string const&>();
        if (tag == "Image" || tag == "RawInline" || tag == "RawBlock") {
          throw api_error{error_kind::kInternal, "the export would contain an element naming a resource (" + tag + ")"};
        }
      }
      for (auto const& [k, v] : j->items()) {
        todo.push_back(&v);
      }
    } else if (j->is_array()) {
      for (auto const& v : *j) {
        todo.push_back(&v);
      }
    }
  }
}

namespace {

void run_or_throw(std::vector<std::string> const& argv, fs::path const& produced, clock::time_point deadline,
                  std::string const& name) {
  switch (io::run_tool(argv, deadline)) {
    case tool_result::kOk:
      if (fs::exists(produced)) {
        return;
      }
      break;
    case tool_result::kTimedOut:
      throw api_error{error_kind::kTimeout, "L'export a dépassé le délai de " +
                                                std::to_string(current_export_limits().timeout_.count() / 1000) +
                                                " s et a été interrompu (" + name + ") : réessayez plus tard."};
    case tool_result::kFailed:
      break;
  }
  throw api_error{error_kind::kInternal, name + " could not produce the file (is it installed?)"};
}

}  // namespace

std::string html_to_pdf(fs::path const& html, fs::path const& work_dir, clock::time_point deadline) {
  auto const pdf = work_dir / "export.pdf";
  run_or_throw(io::chromium_print_command(html, pdf, work_dir / "profile"), pdf, deadline, "chromium");
  return io::read_file(pdf);
}

std::string convert_markdown(std::string const& markdown, std::string const& format) {
  if (format != "docx" && format != "odt" && format != "pdf") {
    throw api_error{error_kind::kInvalidInput, "docx, odt or pdf", "format"};
  }
  auto const deadline = clock::now() + current_export_limits().timeout_;
  auto const dir = fs::temp_directory_path() / ("solimob-export-" + io::unique_suffix());
  fs::create_directories(dir);
  try {
    auto const pandoc = io::tool_path("SOLIMOB_PANDOC", "pandoc");
    auto const md = dir / "export.md";
    auto const ast = dir / "export.json";
    io::write_atomically(md, [&](std::ostream& o) { o << markdown; });
    run_or_throw({pandoc, "--sandbox", "--from", "markdown-raw_html-raw_attribute-raw_tex-yaml_metadata_block", "--to",
                  "json", "-o", ast.string(), md.string()},
                 ast, deadline, "pandoc");
    check_names_no_resource(io::read_file(ast));
    std::string out;
    if (format == "pdf") {
      // PDF without a LaTeX installation: HTML, whose policy forbids any fetch, printed by Chromium.
      auto const header = dir / "csp.html";
      io::write_atomically(header, [](std::ostream& o) {
        o << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
             "style-src 'unsafe-inline'\">\n";
      });
      auto const html = dir / "export.html";
      run_or_throw({pandoc, "--sandbox", "--standalone", "--from", "json", "--to", "html", "--include-in-header",
                    header.string(), "--metadata", "title=Dossier de séance", "-o", html.string(), ast.string()},
                   html, deadline, "pandoc");
      out = html_to_pdf(html, dir, deadline);
    } else {
      auto const file = dir / ("export." + format);
      // pandoc 2.17's DOCX and ODT writers fail in the sandbox when its data files are not built in,
      // as on Debian (jgm/pandoc#8128): their input was checked above to name no resource.
      std::vector<std::string> const argv{pandoc, "--from", "json", "--to", format, "-o", file.string(), ast.string()};
      run_or_throw(argv, file, deadline, "pandoc");
      out = io::read_file(file);
    }
    fs::remove_all(dir);
    return out;
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
}

}  // namespace solimob::server
