// s390x process entry. The kernel starts us with r15 pointing at argc (then argv, envp,
// auxv), r14 and the back chain meaningless. The psABI wants, at every call, r15 8-byte
// aligned with a 160-byte register save area at 0(r15) that belongs to the callee, whose
// first word is the back chain. keel_start_c does the rest in C++ and never returns.
	.text
	.global _start
	.type _start, @function
_start:
	lgr %r2, %r15               // keel_start_c(long *sp): first argument in r2
	nill %r15, 0xfff8           // round r15 down to 8 bytes (the kernel gives 16; be sure)
	aghi %r15, -160             // the callee's register save area, below argc
	xc 0(8,%r15), 0(%r15)       // back chain 0: the outermost frame, unwinders stop here
	brasl %r14, keel_start_c
	.word 0                     // not reached; opcode 0x0000 is an illegal instruction
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
