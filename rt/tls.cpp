// Static TLS set-up; the layout rules are in rt/tls.h and each arch/<arch>/arch.h.
#include "rt/tls.h"

#include <cstdint>
#include <type_traits>

#include "rt/mem.h"
#include "sys/calls.h"

namespace keel::rt {
namespace {

TlsImage g_image;  // found once at start-up, read-only afterwards

// Room at the TP for what compilers and ABIs expect there: x86's self pointer (and the
// stack-protector word at fs:0x28 that other code may read), or variant I's TCB gap.
constexpr unsigned long kTcbReserve = 64;

constexpr unsigned long round_up(unsigned long v, unsigned long a) { return (v + a - 1) & ~(a - 1); }

unsigned long block_align() { return g_image.align > 16 ? g_image.align : 16; }

// The main thread's area when it fits: most programs have little TLS, and a static buffer
// spares start-up an mmap.
alignas(64) char g_main_area[512];

// 64-bit ELF program header; the 32-bit one has the same fields in another order and width.
struct Phdr64 {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
struct Phdr32 {
  uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};
using Phdr = std::conditional_t<sizeof(void*) == 8, Phdr64, Phdr32>;

}  // namespace

void tls_find_image(const void* phdr, unsigned long phnum) {
  const auto* ph = static_cast<const Phdr*>(phdr);
  for (unsigned long i = 0; ph && i < phnum; ++i) {
    if (ph[i].type != sys::PT_TLS) continue;
    // keel links static, non-PIE executables: vaddr is the address.
    g_image = {reinterpret_cast<const void*>(static_cast<uintptr_t>(ph[i].vaddr)),
               static_cast<unsigned long>(ph[i].filesz), static_cast<unsigned long>(ph[i].memsz),
               static_cast<unsigned long>(ph[i].align ? ph[i].align : 1)};
  }
}

unsigned long tls_area_size() {
  unsigned long a = block_align();
  // Alignment slack for the area's start and for the TP, the gap, the block, the TCB room.
  return 2 * a + round_up(arch::kTlsGap, a) + round_up(g_image.memsz, a) + kTcbReserve;
}

unsigned long tls_init_area(void* area) {
  const unsigned long a = block_align();
  auto base = round_up(reinterpret_cast<uintptr_t>(area), a);
  uintptr_t block, tp;
  if constexpr (arch::kTlsAboveTp) {
    // Variant I: the linker put the block at TP + round_up(gap, align) - bias, with the
    // segment's own alignment, not block_align()'s floor of 16 (arm's 8-byte gap and a
    // 4-aligned image put the block at TP + 8).
    // The TP is aligned like the block (so TP + off is), with kTcbReserve free below it.
    const unsigned long off = round_up(arch::kTlsGap, g_image.align ? g_image.align : 1);
    block = round_up(base + kTcbReserve, a) + off;
    tp = block - off + arch::kTpBias;
  } else {
    // Variant II: the linker put the block at TP - round_up(memsz, p_align), with the
    // segment's own alignment (not block_align()'s floor of 16); the TP is aligned for both.
    tp = round_up(base + g_image.memsz, a);
    block = tp - round_up(g_image.memsz, g_image.align ? g_image.align : 1);
  }
  memcpy(reinterpret_cast<void*>(block), g_image.init, g_image.filesz);
  memset(reinterpret_cast<char*>(block) + g_image.filesz, 0, g_image.memsz - g_image.filesz);
  if constexpr (arch::kTcbSelfPointer) *reinterpret_cast<uintptr_t*>(tp) = tp;
  return tp;
}

void tls_init_main() {
  void* area = g_main_area;
  if (tls_area_size() > sizeof g_main_area) {
    auto m = sys::mmap(nullptr, tls_area_size(), sys::PROT_READ | sys::PROT_WRITE,
                       sys::MAP_PRIVATE | sys::MAP_ANONYMOUS);
    if (!m) sys::exit_group(127);  // cannot run without TLS; nothing to report it with yet
    area = m.value();
  }
  if (is_error_return(arch::set_thread_pointer(tls_init_area(area)))) sys::exit_group(127);
}

}  // namespace keel::rt
