// s390x thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive in r2, r3, r4, r5, r6; the kernel wants stack, flags, ptid, ctid, tls in
// r2..r6 (CLONE_BACKWARDS2) with the number in r1. r6 is call-saved in the C ABI, so the
// parent keeps it in its caller's register save area (slot 48 = 8 * 6) and reloads it.
// The child starts with r15 = stack_top and every other register as the parent had it, so it
// reads fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the
// parent's frame.
#include "sysno_asm.h"
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
keel_clone_thread:
	stg %r6, 48(%r15)              // save call-saved r6 in the save area our caller gave us
	lgr %r0, %r2                   // flags, out of the way
	lgr %r2, %r3                   // 1st kernel argument: the child's stack
	lgr %r3, %r0                   // 2nd kernel argument: flags
	lgr %r0, %r5                   // tls, out of the way
	lgr %r5, %r6                   // 4th kernel argument: ctid
	lgr %r6, %r0                   // 5th kernel argument: tls
	lghi %r1, KEEL_NR_clone        // the number goes in r1 (svc 0 form)
	svc 0
	ltgr %r2, %r2                  // 0 in the child, tid or -errno in the parent
	jz 1f                          // the child
	lg %r6, 48(%r15)               // the parent: restore r6 for our caller
	br %r14                        // tid or -errno (the kernel's convention already)
1:	aghi %r15, -160                // the callee's register save area below CloneStart
	xc 0(8,%r15), 0(%r15)          // back chain 0: the outermost frame of the new thread
	lg %r1, 160(%r15)              // fn  (CloneStart.fn, at stack_top)
	lg %r2, 168(%r15)              // arg (CloneStart.arg): fn's first argument
	basr %r14, %r1                 // fn(arg); r15 is 8-byte aligned (stack_top is 16-)
	lgfr %r2, %r2                  // fn's int result, sign-extended, is the exit status
	lghi %r1, KEEL_NR_exit         // exit, not exit_group: only this thread ends
	svc 0
	.word 0                        // not reached; opcode 0x0000 is an illegal instruction
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
keel_unmap_exit:
	lghi %r1, KEEL_NR_munmap       // r2 = base, r3 = len
	svc 0
	lghi %r2, 0                    // exit status 0
	lghi %r1, KEEL_NR_exit         // exit, not exit_group
	svc 0
	.word 0
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
