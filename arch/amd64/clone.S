// amd64 thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive in rdi, rsi, rdx, rcx, r8; the kernel wants flags, stack, ptid, ctid,
// tls in rdi, rsi, rdx, r10, r8 (amd64's clone order puts ctid before tls).
// The child starts on stack_top with every other register as the parent had it, so it reads
// fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the parent's frame.
#include "sysno_asm.h"
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
keel_clone_thread:
	mov %rcx, %r9                  // tls, out of rcx (the syscall clobbers rcx)
	mov %r8, %r10                  // 4th kernel argument: ctid
	mov %r9, %r8                   // 5th kernel argument: tls
	mov $KEEL_NR_clone, %eax
	syscall
	test %rax, %rax
	jz 1f                          // the child
	ret                            // the parent: tid or -errno
1:	xor %ebp, %ebp                 // outermost frame of the new thread
	mov 8(%rsp), %rdi              // arg (CloneStart.arg)
	mov (%rsp), %rax               // fn  (CloneStart.fn)
	call *%rax                     // rsp is 16-byte aligned here, as the psABI wants
	mov %eax, %edi                 // fn's result is the thread's exit status
	mov $KEEL_NR_exit, %eax        // exit, not exit_group: only this thread ends
	syscall
	hlt
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
keel_unmap_exit:
	mov $KEEL_NR_munmap, %eax      // rdi = base, rsi = len, as the C call left them
	syscall
	xor %edi, %edi                 // exit status 0
	mov $KEEL_NR_exit, %eax        // exit, not exit_group
	syscall
	hlt
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
