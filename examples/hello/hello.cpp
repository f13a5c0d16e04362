// The smallest keel program: one write, then exit.
#include "rt/keel.h"

int main(int, char**, char**) {
  static const char msg[] = "hello from keel\n";
  return keel::sys::write(1, msg, sizeof msg - 1) ? 0 : 1;
}
