/* The musl peer of examples/hello: the same write and exit, through musl's static start-up. */
#include <unistd.h>
int main(void) {
  static const char msg[] = "hello from musl\n";
  return write(1, msg, sizeof msg - 1) == sizeof msg - 1 ? 0 : 1;
}
