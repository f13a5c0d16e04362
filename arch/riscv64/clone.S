// riscv64 thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive in a0..a4 in exactly the kernel's clone order for riscv (flags, stack,
// parent_tid, tls, child_tid: CLONE_BACKWARDS), so they go to ecall untouched.
// The child starts on stack_top with every other register as the parent had it: gp (set once
// by _start, the same for all threads) is already right, and tp comes from CLONE_SETTLS. It
// reads fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the
// parent's frame or from registers the compiler might have reused.
#include "sysno_asm.h"
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
keel_clone_thread:
	li a7, KEEL_NR_clone    // a0..a4 already hold flags, stack, ptid, tls, ctid
	ecall                   // the kernel only writes a0; ra, sp and the rest survive
	beqz a0, 1f             // 0: we are the child
	ret                     // the parent: tid or -errno (a0 in [-4095, -1]), already keel's form
1:	li fp, 0                // outermost frame of the new thread: frame walks stop at fp = 0
	ld a1, 0(sp)            // fn  (CloneStart.fn), from the child's own stack
	ld a0, 8(sp)            // arg (CloneStart.arg), fn's only argument
	jalr a1                 // fn(arg); sp = stack_top is 16-byte aligned, as the psABI wants
	li a7, KEEL_NR_exit     // a0 = fn's result, the thread's exit status; exit, not
	ecall                   //   exit_group: only this thread ends
	unimp                   // exit does not return; trap rather than run on
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
keel_unmap_exit:
	li a7, KEEL_NR_munmap   // a0 = base, a1 = len
	ecall
	li a0, 0                // exit status 0
	li a7, KEEL_NR_exit     // exit, not exit_group
	ecall
	unimp
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
