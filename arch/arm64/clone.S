// arm64 thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive in x0..x4, which is exactly the kernel's clone order here (flags, stack,
// parent_tid, tls, child_tid), so the call needs only the number in x8.
// The child starts on stack_top with every other register as the parent had it, so it reads
// fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the parent's frame.
#include "sysno_asm.h"
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
keel_clone_thread:
	mov x8, #KEEL_NR_clone         // arguments already in x0..x4 in the kernel's order
	svc #0
	cbz x0, 1f                     // 0: the child
	ret                            // the parent: tid or -errno (x0 in [-4095, -1])
1:	mov x29, #0                    // null frame pointer: the child's frame chain ends here
	mov x30, #0                    // null link register: no return address above this frame
	ldp x1, x0, [sp]               // x1 = fn (CloneStart.fn), x0 = arg (CloneStart.arg)
	blr x1                         // fn(arg); sp = stack_top is 16-byte aligned (AAPCS64)
	mov x8, #KEEL_NR_exit          // exit, not exit_group: only this thread ends; x0 = status
	svc #0
	udf #0                         // not reached
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
keel_unmap_exit:
	mov x8, #KEEL_NR_munmap        // x0 = base, x1 = len
	svc #0
	mov x0, #0                     // exit status 0
	mov x8, #KEEL_NR_exit          // exit, not exit_group
	svc #0
	udf #0
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
