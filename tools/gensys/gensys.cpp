// gensys: generates keel's per-architecture kernel tables (sys/<arch>/sysno.h, consts.h, errno.h)
// from the kernel UAPI headers that each architecture's Debian cross compiler installs.
//
// No number is typed by hand. For every architecture in tools/cross/arches.tsv:
//   1. `<triple>-gcc -E -dM` over <asm/unistd.h> and <linux/errno.h> lists the names
//      (every __NR_*, __ARM_NR_* and E* macro);
//   2. one probe file turns each name into an `.ascii "->NAME lo hi"` line through an "i"
//      asm operand, so the cross compiler itself evaluates the header's expression
//      (mips64le writes `__NR_Linux + 0`, ppc64le octal flags, ...);
//   3. `<triple>-gcc -S` compiles the probe and the assembly text is parsed back.
// Constants keel uses beyond those come from tools/gensys/consts.txt.
//
// usage: gensys --arches tools/cross/arches.tsv --consts tools/gensys/consts.txt --out sys
//               [--only ARCH]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace {

struct Arch {
  std::string name, triple;
};

struct Group {
  std::string header;
  std::vector<std::string> names;
  bool fallback = false;
};

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "gensys: %s\n", msg.c_str());
  std::exit(1);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!out) Die("cannot write " + path);
  out << text;
}

std::string Run(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) Die("cannot run " + cmd);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (pclose(p) != 0) Die("command failed: " + cmd);
  return out;
}

std::vector<Arch> ReadArches(const std::string& path) {
  std::vector<Arch> arches;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (f.size() < 2) Die("bad line in " + path + ": " + std::string(line));
    arches.push_back({f[0], f[1]});
  }
  return arches;
}

std::vector<Group> ReadGroups(const std::string& path) {
  std::vector<Group> groups;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits(':', 1));
    absl::string_view header = absl::StripAsciiWhitespace(kv.first);
    Group g{"", {}};
    g.fallback = absl::ConsumeSuffix(&header, " (fallback)");
    g.header = std::string(header);
    g.names = absl::StrSplit(kv.second, ' ', absl::SkipEmpty());
    groups.push_back(std::move(g));
  }
  return groups;
}

// Names of the macros that `header` defines and whose name starts with one of `prefixes`.
std::vector<std::string> MacroNames(const std::string& cc, const std::string& header,
                                    const std::vector<std::string>& prefixes,
                                    bool errno_like) {
  std::string out = Run(absl::StrCat("printf '#include <", header, ">\\n' | ", cc,
                                     " -E -dM -x c - 2>&1"));
  std::set<std::string> names;
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (!absl::ConsumePrefix(&line, "#define ")) continue;
    absl::string_view name = line.substr(0, line.find_first_of(" ("));
    if (line.size() > name.size() && line[name.size()] == '(') continue;  // function-like
    for (const auto& p : prefixes) {
      if (!absl::StartsWith(name, p)) continue;
      if (errno_like) {  // E followed by capitals/digits only: EPERM, E2BIG
        bool ok = name.size() > 1;
        for (char c : name.substr(1)) ok = ok && (absl::ascii_isupper(c) || absl::ascii_isdigit(c));
        if (!ok) continue;
      }
      names.insert(std::string(name));
    }
  }
  return {names.begin(), names.end()};
}

// Asks the cross compiler for the value of each name; names it does not define are left out.
std::map<std::string, long long> Evaluate(const std::string& cc,
                                          const std::vector<std::string>& headers,
                                          const std::vector<std::string>& names) {
  std::string src;
  // A header only some architectures have (asm/prctl.h is x86's) is skipped elsewhere.
  for (const auto& h : headers)
    absl::StrAppend(&src, "#if __has_include(<", h, ">)\n#include <", h, ">\n#endif\n");
  absl::StrAppend(&src, "#define KEEL_V(n, v) __asm__ volatile(\"\\n.ascii \\\"->\" n \" %0 %1\\\"\" "
                        ":: \"i\"((unsigned)((unsigned long long)(v) & 0xffffffffu)), "
                        "\"i\"((unsigned)((unsigned long long)(v) >> 32)))\n");
  absl::StrAppend(&src, "void keel_probe(void) {\n");
  for (const auto& n : names)
    absl::StrAppend(&src, "#ifdef ", n, "\nKEEL_V(\"", n, "\", ", n, ");\n#endif\n");
  absl::StrAppend(&src, "}\n");
  char tmpl[] = "/tmp/gensys-XXXXXX.c";
  int fd = mkstemps(tmpl, 2);
  if (fd < 0) Die("mkstemps");
  close(fd);
  WriteFile(tmpl, src);
  std::string asm_text = Run(absl::StrCat(cc, " -O2 -S -o - ", tmpl));
  std::remove(tmpl);
  std::map<std::string, long long> values;
  for (absl::string_view line : absl::StrSplit(asm_text, '\n')) {
    size_t at = line.find("->");
    if (at == absl::string_view::npos) continue;
    line.remove_prefix(at + 2);
    line = absl::StripSuffix(absl::StripAsciiWhitespace(line), "\"");
    std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (f.size() != 3) Die("cannot parse probe line: " + std::string(line));
    auto num = [&](std::string s) {
      while (!s.empty() && (s[0] == '$' || s[0] == '#')) s.erase(0, 1);
      long long v;
      if (!absl::SimpleAtoi(s, &v)) Die("cannot parse number '" + s + "' for " + f[0]);
      return static_cast<unsigned long long>(v) & 0xffffffffu;
    };
    values[f[0]] = static_cast<long long>((num(f[2]) << 32) | num(f[1]));
  }
  return values;
}

const std::set<std::string>& CxxKeywords() {
  static const std::set<std::string> k = {"break", "delete", "new", "select", "switch",
                                          "union", "register", "default", "export"};
  return k;
}

// The C++ type a constant is written with: int where it fits, then unsigned, then long long.
std::string TypeOf(long long v) {
  if (v >= -2147483648LL && v <= 2147483647LL) return "int";
  if (v >= 0 && v <= 4294967295LL) return "unsigned";
  return "long long";
}

std::string Banner(const Arch& a, const std::string& what) {
  return absl::StrCat("// ", what, " for ", a.name, " (", a.triple, ").\n",
                      "// Generated by tools/gensys from the kernel UAPI headers of ", a.triple,
                      "-gcc; do not edit.\n// `make gen` regenerates; tests/host checks that this "
                      "file matches the headers.\n#pragma once\n\n");
}

// A translation unit that also includes a libc's headers (host tests, or a user's program)
// may have macros of the same names; the tables keep them out of the way while they are read
// and put them back afterwards.
std::string PushMacros(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) absl::StrAppend(&s, "#pragma push_macro(\"", n, "\")\n#undef ", n, "\n");
  return s + "\n";
}
std::string PopMacros(const std::vector<std::string>& names) {
  std::string s = "\n";
  for (const auto& n : names) absl::StrAppend(&s, "#pragma pop_macro(\"", n, "\")\n");
  return s;
}

void Generate(const Arch& a, const std::vector<Group>& groups, const std::string& out_dir) {
  const std::string cc = a.triple + "-gcc";

  // 1. Syscall numbers.
  std::vector<std::string> nr_names =
      MacroNames(cc, "asm/unistd.h", {"__NR_", "__ARM_NR_"}, false);
  auto nr = Evaluate(cc, {"asm/unistd.h"}, nr_names);
  std::string s = Banner(a, "System call numbers");
  absl::StrAppend(&s, "namespace keel::nr {\n");
  for (const auto& [name, v] : nr) {
    std::string n = name;
    if (absl::StartsWith(n, "__ARM_NR_")) n = "arm_" + n.substr(9);
    else n = n.substr(5);
    if (n == "syscalls" || n == "arch_specific_syscall" || absl::StartsWith(n, "Linux") ||
        absl::StartsWith(n, "BASE") || n == "SYSCALL_BASE" || n == "SYSCALL_MASK")
      continue;  // counts and bases, not calls
    if (CxxKeywords().count(n)) n += "_";
    absl::StrAppend(&s, "inline constexpr long ", n, " = ", v, ";\n");
  }
  absl::StrAppend(&s, "}  // namespace keel::nr\n");
  WriteFile(absl::StrCat(out_dir, "/", a.name, "/sysno.h"), s);

  // The same numbers as preprocessor macros, for the assembly files in arch/ (signal return,
  // clone trampolines), which cannot read C++ constants.
  s = Banner(a, "System call numbers for assembly");
  for (const auto& [name, v] : nr) {
    std::string n = absl::StartsWith(name, "__ARM_NR_") ? "arm_" + name.substr(9) : name.substr(5);
    absl::StrAppend(&s, "#define KEEL_NR_", n, " ", v, "\n");
  }
  WriteFile(absl::StrCat(out_dir, "/", a.name, "/sysno_asm.h"), s);

  // 2. Constants from consts.txt.
  // A group marked "(fallback)" is read on its own, only for names the others left undefined
  // (x86, arm and s390x do not export _NSIG from <asm/signal.h>; the generic header does).
  std::vector<std::string> headers, names;
  for (const auto& g : groups) {
    if (g.fallback) continue;
    headers.push_back(g.header);
    for (const auto& n : g.names) names.push_back(n);
  }
  auto cv = Evaluate(cc, headers, names);
  for (const auto& g : groups) {
    if (!g.fallback) continue;
    std::vector<std::string> missing;
    for (const auto& n : g.names)
      if (!cv.count(n)) missing.push_back(n);
    if (missing.empty()) continue;
    for (const auto& [n, v] : Evaluate(cc, {g.header}, missing)) cv[n] = v;
  }
  std::vector<std::string> present;
  s = Banner(a, "Kernel constants");
  std::string body = "namespace keel::sys {\n";
  for (const auto& g : groups) {
    absl::StrAppend(&body, "\n// <", g.header, ">\n");
    if (g.fallback) continue;
    for (const auto& n : g.names) {
      auto it = cv.find(n);
      if (it == cv.end()) {
        absl::StrAppend(&body, "// ", n, ": not defined for ", a.name, "\n");
        continue;
      }
      present.push_back(n);
      absl::StrAppend(&body, "inline constexpr ", TypeOf(it->second), " ", n, " = ",
                      it->second, ";\n");
    }
  }
  absl::StrAppend(&body, "}  // namespace keel::sys\n");
  WriteFile(absl::StrCat(out_dir, "/", a.name, "/consts.h"),
            s + PushMacros(present) + body + PopMacros(present));

  // 3. Errno values and names.
  std::vector<std::string> enames = MacroNames(cc, "linux/errno.h", {"E"}, true);
  auto ev = Evaluate(cc, {"linux/errno.h"}, enames);
  // Aliases share a value with a canonical name; the name table prints the canonical one.
  const std::set<std::string> aliases = {"EWOULDBLOCK", "EDEADLOCK", "ENOTSUP"};
  std::vector<std::string> order;
  for (const auto& [n, v] : ev) order.push_back(n);
  std::sort(order.begin(), order.end(), [&](const std::string& x, const std::string& y) {
    return ev[x] != ev[y] ? ev[x] < ev[y] : (aliases.count(x) < aliases.count(y) ||
                                            (aliases.count(x) == aliases.count(y) && x < y));
  });
  s = Banner(a, "Errno values");
  body = "namespace keel {\n\n// A Linux error number, with this architecture's values.\n"
         "enum class Errno : int {\n";
  for (const auto& n : order) absl::StrAppend(&body, "  ", n, " = ", ev[n], ",\n");
  absl::StrAppend(&body, "};\n\nnamespace sys {\n// One name per value, for printing.\n"
                         "struct ErrnoName { int value; const char* name; };\n"
                         "inline constexpr ErrnoName kErrnoNames[] = {\n");
  std::set<long long> seen;
  for (const auto& n : order)
    if (seen.insert(ev[n]).second) absl::StrAppend(&body, "    {", ev[n], ", \"", n, "\"},\n");
  absl::StrAppend(&body, "};\n}  // namespace sys\n}  // namespace keel\n");
  WriteFile(absl::StrCat(out_dir, "/", a.name, "/errnos.h"),
            s + PushMacros(order) + body + PopMacros(order));
}

}  // namespace

int main(int argc, char** argv) {
  std::string arches_path, consts_path, out_dir, only;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--arches") arches_path = v;
    else if (k == "--consts") consts_path = v;
    else if (k == "--out") out_dir = v;
    else if (k == "--only") only = v;
    else Die("unknown option " + k);
  }
  if (arches_path.empty() || consts_path.empty() || out_dir.empty())
    Die("usage: gensys --arches FILE --consts FILE --out DIR [--only ARCH]");
  auto groups = ReadGroups(consts_path);
  for (const auto& a : ReadArches(arches_path)) {
    if (!only.empty() && a.name != only) continue;
    Run(absl::StrCat("mkdir -p ", out_dir, "/", a.name));
    Generate(a, groups, out_dir);
  }
  return 0;
}
