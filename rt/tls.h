// Static TLS: the program's PT_TLS image copied into a block per thread, placed against the
// thread pointer as the architecture's ELF TLS variant says (arch/<arch>/arch.h):
//   variant I  (arm64, arm, riscv64, ppc64le, mips64le): the block lies above the TP, after a
//              gap (16 bytes on arm64, 8 on arm) or below a bias (0x7000 on ppc64le/mips64le);
//   variant II (amd64, 386, s390x): the block ends at the TP; on x86 the TP points at a word
//              holding its own address.
#pragma once

namespace keel::rt {

// The PT_TLS segment of the running program (start-up finds it through AT_PHDR).
struct TlsImage {
  const void* init;     // initialised part (.tdata)
  unsigned long filesz;  // bytes of .tdata
  unsigned long memsz;   // .tdata + .tbss
  unsigned long align;
};

// Called once by start-up with the program headers from the auxiliary vector.
void tls_find_image(const void* phdr, unsigned long phnum);

// Bytes a thread's TLS area needs (block, TCB, alignment slack).
unsigned long tls_area_size();

// Lays out a fresh TLS area at `area` (tls_area_size() bytes, zeroed or not) and returns the
// thread-pointer value for it.
unsigned long tls_init_area(void* area);

// Sets up the main thread's TLS (a static buffer when it fits, else pages) and its TP.
void tls_init_main();

}  // namespace keel::rt
