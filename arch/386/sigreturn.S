// 386 signal return. keel installs handlers with SA_RESTORER, so the kernel makes the frame's
// return address sa_restorer instead of relying on a vDSO stub. Which frame it builds depends
// on SA_SIGINFO, and each needs its own restorer; both run with esp inside the frame and must
// not push before the syscall.
//   keel_restore_rt  for SA_SIGINFO handlers: the handler's ret leaves esp at the rt frame's
//                    signal number; rt_sigreturn finds the frame from there.
//   keel_restore     for the others: sigreturn expects esp one word further on, past the
//                    signal number, so pop it first.
#include "sysno_asm.h"
	.text
	.global keel_restore_rt
	.hidden keel_restore_rt
	.type keel_restore_rt, @function
keel_restore_rt:
	mov $KEEL_NR_rt_sigreturn, %eax
	int $0x80
	hlt
	.size keel_restore_rt, .-keel_restore_rt

	.global keel_restore
	.hidden keel_restore
	.type keel_restore, @function
keel_restore:
	pop %eax                // drop the signal number: sigreturn wants esp at the sigcontext
	mov $KEEL_NR_sigreturn, %eax
	int $0x80
	hlt
	.size keel_restore, .-keel_restore
	.section .note.GNU-stack,"",@progbits
