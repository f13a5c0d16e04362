// ppc64le thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive in r3..r7 in exactly the kernel's clone order (flags, stack, parent_tid,
// tls, child_tid: CLONE_BACKWARDS), so only the number goes in r0.
// The child starts with r1 = stack_top, r3 = 0, cr0.SO clear and every other register as the
// parent had it (r2, the TOC pointer, included; r13 is the new TP under CLONE_SETTLS). It reads
// fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the parent's frame.
#include "sysno_asm.h"
	.abiversion 2           // mark the object ELFv2, like start.S
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
keel_clone_thread:           // no TOC use, so no global-entry prologue: one entry point
	li 0, KEEL_NR_clone
	sc
	bns+ 1f                 // cr0.SO clear: r3 is a tid (parent) or 0 (child)
	neg 3, 3                // SO set: positive errno in r3; keel returns -errno
	blr
1:	cmpdi 3, 0
	beq- 2f                 // 0: we are the child
	blr                     // the parent: the child's tid
2:	ld 12, 0(1)             // fn  (CloneStart.fn), from the child's own stack
	ld 3, 8(1)              // arg (CloneStart.arg): fn's first argument
	clrrdi 1, 1, 4          // ELFv2 wants r1 16-byte aligned (stack_top already is)
	li 0, 0
	stdu 0, -32(1)          // minimum frame (back chain, CR, LR, TOC save words) below the
	                        // CloneStart; the zero back chain makes it the outermost frame, and
	                        // fn saves its LR at 16(r1) here, not over fn/arg
	mtctr 12                // indirect call through ctr; r12 = fn for its global entry point,
	bctrl                   // which derives fn's TOC from r12 (r2 is inherited and right anyway)
	li 0, KEEL_NR_exit      // r3 = fn's result, the thread's exit status; exit, not
	sc                      // exit_group: only this thread ends
	trap                    // not reached
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
keel_unmap_exit:
	li 0, KEEL_NR_munmap    // r3 = base, r4 = len
	sc
	li 3, 0                 // exit status 0
	li 0, KEEL_NR_exit      // exit, not exit_group
	sc
	trap
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
