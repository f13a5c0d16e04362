// arm (EABI) thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive in r0, r1, r2, r3 and, the fifth, at [sp]; the kernel wants flags, stack,
// ptid, tls, ctid in r0..r4 (arm's clone order puts tls before ctid), the number in r7. r4 and
// r7 are callee-saved under AAPCS, so the parent saves and restores them.
// The child starts on stack_top with every other register as the parent had it, so it reads
// fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the parent's frame.
#include "sysno_asm.h"
	.syntax unified
	.arm
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, %function
keel_clone_thread:
	push {r4, r7}                  // callee-saved registers the syscall needs (8 bytes: sp stays 8-aligned)
	ldr r4, [sp, #8]               // 5th kernel argument: ctid, the 5th C argument above the saved pair
	mov r7, #KEEL_NR_clone         // r0..r3 already hold flags, stack, ptid, tls in kernel order
	svc #0
	cmp r0, #0
	beq 1f                         // the child (its sp is stack_top: nothing of ours to pop)
	pop {r4, r7}                   // the parent: restore the caller's r4, r7
	bx lr                          // and return tid or -errno (r0 already in keel's convention)
1:	mov fp, #0                     // outermost frame of the new thread: fp ends the frame chain
	ldr r0, [sp, #4]               // arg (CloneStart.arg)
	ldr r1, [sp]                   // fn  (CloneStart.fn)
	blx r1                         // sp = stack_top is 16-aligned (AAPCS wants 8); lr = our return
	mov r7, #KEEL_NR_exit          // exit, not exit_group: only this thread ends;
	svc #0                         // r0 (fn's result) is the thread's exit status
	udf #0                         // not reached: trap if it ever is
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, %function
keel_unmap_exit:
	mov r7, #KEEL_NR_munmap        // r0 = base, r1 = len
	svc #0
	mov r0, #0                     // exit status 0
	mov r7, #KEEL_NR_exit          // exit, not exit_group
	svc #0
	udf #0
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",%progbits
