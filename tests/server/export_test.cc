// Document exports: user text names no resource, the PDF renderer has no network, tools have a time
// limit and their whole process group goes with them.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "server/api_error.h"
#include "server/export_runner.h"
#include "support/tcp_listener.h"
#include "support/temp_dir.h"

namespace solimob::server {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

using test::temp_dir;

// Every entry of a zip file (DOCX, ODT) uncompressed, and the list of its names.
std::string unzipped(fs::path const& zip) {
  std::string out;
  if (auto* p = ::popen(("unzip -l '" + zip.string() + "'; unzip -p '" + zip.string() + "'").c_str(), "r")) {
    std::array<char, 4096> buf{};
    for (std::size_t n = 0; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) {
      out.append(buf.data(), n);
    }
    ::pclose(p);
  }
  return out;
}

// What an agent could type in minutes or an agenda item to make pandoc embed a server file or fetch
// a URL (`secret` holds TOPSECRET42; `url` is a local listener).
std::vector<std::string> hostile_texts(std::string const& secret, std::string const& url) {
  return {"![a](" + secret + ")",
          "![a](file://" + secret + ")",
          "![a](/etc/passwd)",
          "![a](" + url + "/image.png)",
          "[![a](" + secret + ")](x)",
          "![a][ref]\n\n[ref]: " + secret,
          "<img src=\"" + url + "/raw.png\">",
          "<iframe src=\"file://" + secret + "\"></iframe>",
          "`<img src=\"" + url + "/attr.png\">`{=html}",
          "```{=html}\n<img src=\"" + url + "/block.png\">\n```",
          "\\input{" + secret + "}",
          "\\includegraphics{" + secret + "}",
          "$$\\input{" + secret + "}$$",
          "    indented ![a](" + secret + ")",
          "1. ![a](" + secret + ")\n- <" + url + "/auto>",
          "---\nheader-includes: <img src=\"" + url + "/yaml.png\">\n---",
          "@cite [@ref] {.class} ~sub~ ^sup^ | a | b |\n|---|---|"};
}

TEST(export_runner, user_text_becomes_text_that_names_no_resource) {
  temp_dir const dir;
  test::tcp_listener const listener;
  auto const url = "http://127.0.0.1:" + std::to_string(listener.port());
  auto const secret = dir.file("secret.png", "TOPSECRET42").string();
  std::string md = "# Réunion\n\n";
  for (auto const& t : hostile_texts(secret, url)) {
    md += "- " + markdown_text(t) + "\n\n" + markdown_text(t, false) + "\n\n";
  }
  // The plain reading of the text is kept (escapes are not shown).
  md += markdown_text("Zones blanches au nord-est : 12 % (voir l'étude).") + "\n";

  for (auto const* format : {"docx", "odt"}) {
    SCOPED_TRACE(format);
    auto const bytes = convert_markdown(md, format);
    auto const file = dir.file(std::string{"out."} + format, bytes);
    auto const content = unzipped(file);
    ASSERT_NE(content.find("Réunion"), std::string::npos) << "unzip failed?";
    EXPECT_EQ(content.find("TOPSECRET42"), std::string::npos);
    EXPECT_EQ(content.find("root:x:0:0"), std::string::npos);
    EXPECT_EQ(content.find("media/"), std::string::npos);     // DOCX images
    EXPECT_EQ(content.find("Pictures/"), std::string::npos);  // ODT images
    EXPECT_NE(content.find("![a](" + secret + ")"), std::string::npos) << "shown as the text typed";
    EXPECT_NE(content.find("Zones blanches au nord-est : 12 % (voir l"), std::string::npos);
  }
  if (fs::exists("/usr/bin/chromium") || getenv("SOLIMOB_CHROMIUM") != nullptr) {
    EXPECT_EQ(convert_markdown(md, "pdf").substr(0, 5), "%PDF-");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  EXPECT_EQ(listener.connections(), 0);
}

TEST(export_runner, a_document_naming_a_resource_is_refused) {
  // pandoc's JSON for "![a](/etc/passwd)" and for raw HTML: what markdown_text prevents, checked again
  // before the DOCX writer (which runs outside pandoc's sandbox).
  std::string const image =
      R"j({"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[{"t":"Para","c":[{"t":"Image","c":[["",[],[]],)j"
      R"j([{"t":"Str","c":"a"}],["/etc/passwd",""]]}]}]})j";
  std::string const raw =
      R"j({"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[{"t":"RawBlock","c":["html","x"]}]})j";
  std::string const text =
      R"j({"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[{"t":"Para","c":[{"t":"Str","c":"![a](/etc/passwd)"}]}]})j";
  EXPECT_THROW(check_names_no_resource(image), api_error);
  EXPECT_THROW(check_names_no_resource(raw), api_error);
  EXPECT_NO_THROW(check_names_no_resource(text));
}

TEST(export_runner, chromium_reaches_no_address) {
  if (!fs::exists("/usr/bin/chromium")) {
    GTEST_SKIP() << "no /usr/bin/chromium";
  }
  temp_dir const dir;
  test::tcp_listener const listener;
  auto const port = std::to_string(listener.port());
  // No Content-Security-Policy here: the renderer's own flags must stop every request.
  auto const html =
      dir.file("page.html",
               "<html><head><link rel=\"stylesheet\" href=\"http://127.0.0.1:" + port +
                   "/a.css\"></head><body><img src=\"http://127.0.0.1:" + port +
                   "/a.png\"><img src=\"http://localhost:" + port + "/b.png\"><img src=\"http://[::1]:" + port +
                   "/c.png\"><iframe src=\"http://127.0.0.1:" + port + "/frame\"></iframe><p>page</p></body></html>");
  auto const pdf = html_to_pdf(html, dir.path_, steady_clock::now() + std::chrono::seconds{60});
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  EXPECT_EQ(listener.connections(), 0);
}

bool process_alive(pid_t pid) {
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string line;
  if (!std::getline(stat, line)) {
    return false;
  }
  auto const state = line.substr(line.rfind(')') + 2, 1);
  return state != "Z" && state != "X";
}

TEST(export_runner, a_tool_past_the_deadline_is_killed_with_its_children) {
  temp_dir const dir;
  auto const pid_file = dir.path_ / "child.pid";
  // A renderer that hangs, with a helper process of its own.
  auto const script = dir.file("hang.sh", "#!/bin/sh\nsleep 60 &\necho $! > '" + pid_file.string() + "'\nwait\n");
  fs::permissions(script, fs::perms::owner_all);
  ::setenv("SOLIMOB_CHROMIUM", script.c_str(), 1);
  auto const start = steady_clock::now();
  try {
    html_to_pdf(dir.file("p.html", "<p>x</p>"), dir.path_, start + std::chrono::milliseconds{800});
    ADD_FAILURE() << "no timeout";
  } catch (api_error const& e) {
    EXPECT_EQ(e.kind(), error_kind::kTimeout);
    EXPECT_NE(e.message().find("délai"), std::string::npos) << e.message();
  }
  ::unsetenv("SOLIMOB_CHROMIUM");
  auto const took = steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds{3});
  EXPECT_GE(took, std::chrono::milliseconds{800});
  std::ifstream in{pid_file};
  pid_t child = 0;
  ASSERT_TRUE(in >> child);
  std::this_thread::sleep_for(std::chrono::milliseconds{100});
  EXPECT_FALSE(process_alive(child)) << "the renderer's helper " << child << " still runs";
}

TEST(export_runner, tools_inherit_no_descriptor_of_the_server) {
  // A descriptor the server holds open without close-on-exec, as httplib's sockets and the database.
  auto const fd = ::open("/dev/null", O_RDONLY);
  ASSERT_GT(fd, 2);
  auto const deadline = steady_clock::now() + std::chrono::seconds{10};
  auto const probe = "test ! -e /proc/self/fd/" + std::to_string(fd);
  EXPECT_EQ(run_tool({"sh", "-c", probe}, deadline), tool_result::kOk);
  // The probe itself can fail: without the descriptor closed it sees it.
  EXPECT_EQ(run_tool({"sh", "-c", "test ! -e /proc/self/fd/0"}, deadline), tool_result::kFailed);
  ::close(fd);
}

TEST(export_runner, places_are_limited_and_given_back) {
  set_export_limits({2, std::chrono::seconds{60}});
  auto a = try_export_slot();
  auto b = try_export_slot();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(try_export_slot(), nullptr);
  b.reset();
  EXPECT_NE(try_export_slot(), nullptr);  // taken and given back at once
}

}  // namespace
}  // namespace solimob::server
