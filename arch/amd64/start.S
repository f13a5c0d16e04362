// amd64 process entry. The kernel starts us with rsp pointing at argc (then argv, envp,
// auxv), rdx holding a function to register with atexit (0 for static binaries; ignored) and
// the stack 16-byte aligned. keel_start_c does the rest in C++ and never returns.
	.text
	.global _start
	.type _start, @function
_start:
	xor %ebp, %ebp          // outermost frame: debuggers stop the backtrace here
	mov %rsp, %rdi          // keel_start_c(long *sp)
	and $-16, %rsp          // the psABI wants rsp 16-byte aligned at the call
	call keel_start_c
	hlt                     // not reached
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
