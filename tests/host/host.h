// Shared helpers of the host test suite.
#pragma once

#include <string>
#include <vector>

namespace keelhost {

// Output and exit status of a shell command (stdout and stderr together).
struct Ran {
  std::string out;
  int status = -1;  // exit status, or 128+signal, or -1 if it could not run
};
Ran run(const std::string& cmd);

// The top of the source tree (the tests run from it; KEEL_TOP overrides).
std::string top();

// Architectures to check, from KEEL_ARCHS (space-separated; default: amd64), and those also
// built with clang (KEEL_CLANG_ARCHS).
std::vector<std::string> arches();
std::vector<std::string> clang_arches();

// Adds target-program results to the run's one summary line.
void tally_target(int passed, int failed, int skipped);

// A single-quoted shell word.
std::string sh_quote(const std::string& s);

}  // namespace keelhost
