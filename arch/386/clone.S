// 386 thread clone: long keel_clone_thread(flags, stack_top, ptid, tls, ctid)
// C arguments arrive on the stack (cdecl); int $0x80 wants flags, stack, ptid, tls, ctid in
// ebx, ecx, edx, esi, edi (CLONE_BACKWARDS: tls before ctid; tls is a struct user_desc* or an LDT selector).
// ebx, esi and edi are callee-saved, so the parent saves and restores them; ebp is untouched.
// The child starts on stack_top with every other register as the parent had it, so it reads
// fn and arg from its own stack (sys/clone.h: struct CloneStart), never from the parent's frame.
#include "sysno_asm.h"
	.text
	.global keel_clone_thread
	.hidden keel_clone_thread
	.type keel_clone_thread, @function
keel_clone_thread:
	push %ebx                      // callee-saved, about to hold flags
	push %esi                      // callee-saved, about to hold tls
	push %edi                      // callee-saved, about to hold ctid
	mov 16(%esp), %ebx             // flags     (4 + the 12 bytes just pushed)
	mov 20(%esp), %ecx             // stack_top: the child's esp
	mov 24(%esp), %edx             // ptid
	mov 28(%esp), %esi             // tls (struct user_desc*)
	mov 32(%esp), %edi             // ctid
	mov $KEEL_NR_clone, %eax
	int $0x80                      // the kernel preserves every register but eax
	test %eax, %eax
	jz 1f                          // the child
	pop %edi                       // the parent: restore what cdecl says we keep
	pop %esi
	pop %ebx
	ret                            // tid or -errno (int $0x80 already returns -errno)
1:	test %esi, %esi                // the child. tls 0: no TLS of its own (a spawn child keeps
	jz 3f                          //   the parent's %gs); below 64 Ki an LDT selector (arch.h,
	cmp $0x10000, %esi             //   make_clone_tls; flags had no CLONE_SETTLS); above, a
	jae 3f                         //   user_desc the kernel already installed
	mov %esi, %gs                  // its own LDT entry: from here thread_locals are its own
3:	xor %ebp, %ebp                 // outermost frame of the new thread
	mov (%esp), %eax               // fn  (CloneStart.fn), from the child's own stack
	mov 4(%esp), %ecx              // arg (CloneStart.arg)
	and $-16, %esp                 // align (stack_top should be already), then leave room so
	sub $12, %esp                  //   that after pushing the one argument esp is 16-aligned
	push %ecx                      // fn's argument, on the stack (cdecl)
	call *%eax                     // esp is 16-byte aligned at the call, as the psABI wants
	mov %eax, %ebx                 // fn's result is the thread's exit status
	mov $KEEL_NR_exit, %eax        // exit, not exit_group: only this thread ends
	int $0x80
	hlt                            // not reached
	.size keel_clone_thread, .-keel_clone_thread
// keel_unmap_exit(base, len): munmap, then exit, on registers alone (sys/clone.h).
	.global keel_unmap_exit
	.hidden keel_unmap_exit
	.type keel_unmap_exit, @function
keel_unmap_exit:
	mov 4(%esp), %ebx              // base (cdecl: on the stack, read before it goes away)
	mov 8(%esp), %ecx              // len
	mov $KEEL_NR_munmap, %eax
	int $0x80
	xor %ebx, %ebx                 // exit status 0
	mov $KEEL_NR_exit, %eax        // exit, not exit_group
	int $0x80
	hlt
	.size keel_unmap_exit, .-keel_unmap_exit
	.section .note.GNU-stack,"",@progbits
