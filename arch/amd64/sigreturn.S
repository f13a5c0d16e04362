// amd64 signal return. The kernel pushes a return address of sa_restorer when it enters a
// handler; SA_RESTORER is mandatory on x86-64, so keel installs every handler with this one.
// It runs with rsp at the signal frame and must not touch the stack before rt_sigreturn.
#include "sysno_asm.h"
	.text
	.global keel_restore_rt
	.hidden keel_restore_rt
	.type keel_restore_rt, @function
keel_restore_rt:
	mov $KEEL_NR_rt_sigreturn, %eax
	syscall
	hlt
	.size keel_restore_rt, .-keel_restore_rt
	.section .note.GNU-stack,"",@progbits
