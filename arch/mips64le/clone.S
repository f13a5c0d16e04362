// mips64le (n64) thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// The C arguments arrive in a0-a4 ($4-$8) in exactly clone's mips order (flags, stack,
// parent_tid, tls, child_tid: CONFIG_CLONE_BACKWARDS), so they go to the kernel untouched.
// The kernel reports an error with a3 ($7) != 0 and a positive errno in v0; it is negated here
// as the inline stubs do (arch.h). The child starts on stack_top with the parent's other
// registers, so it reads fn and arg from its own stack (sys/clone.h: struct CloneStart).
// keel builds -mabicalls: fn derives $gp from $25, so the call goes through $25 (t9).
#include "sysno_asm.h"
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
	.set push
	.set noreorder                  // every delay slot below is filled by hand
keel_clone_thread:
	daddiu	$2, $0, KEEL_NR_clone   // v0 = number, the instruction right before syscall (restart)
	syscall
	beqz	$7, 1f                  // a3 == 0: success, v0 = tid (parent) or 0 (child)
	nop                             // delay slot
	blez	$2, 2f                  // a3 set but v0 not positive: already -errno, keep it
	nop                             // delay slot
	jr	$31                         // the parent, failed: return -errno
	dsubu	$2, $0, $2              // delay slot: v0 = -v0
1:	bnez	$2, 2f                  // non-zero tid: the parent
	nop                             // delay slot
	ld	$25, 0($29)                 // the child: t9 = fn (CloneStart.fn), the callee's address
	ld	$4, 8($29)                  // a0 = arg (CloneStart.arg)
	move	$30, $0                 // fp = 0: the outermost frame of the new thread
	jalr	$25                     // fn(arg); sp = stack_top, 16-byte aligned as n64 wants
	nop                             // delay slot (not `move $31, $0`: jalr has already
	                                //   written ra when its delay slot runs)
	move	$4, $2                  // a0 = fn's result, the thread's exit status
	daddiu	$2, $0, KEEL_NR_exit    // exit, not exit_group: only this thread ends
	syscall
	break                           // not reached
2:	jr	$31                         // the parent: return tid or -errno
	nop                             // delay slot
	.set pop
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
	.set push
	.set noreorder
keel_unmap_exit:
	daddiu	$2, $0, KEEL_NR_munmap  // a0 = base, a1 = len
	syscall
	move	$4, $0                  // exit status 0
	daddiu	$2, $0, KEEL_NR_exit    // exit, not exit_group
	syscall
	break
	.set pop
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
