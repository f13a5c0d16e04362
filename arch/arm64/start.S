// arm64 process entry. The kernel starts us with sp pointing at argc (then argv, envp, auxv)
// and 16-byte aligned, and x0 holding a function to register with atexit (0 for static
// binaries; ignored). keel_start_c does the rest in C++ and never returns.
	.text
	.global _start
	.type _start, @function
_start:
	mov x29, #0             // null frame pointer: the frame-record chain ends here
	mov x30, #0             // null link register: no return address above _start
	mov x0, sp              // keel_start_c(long *sp)
	and sp, x0, #-16        // AAPCS64: sp 16-byte aligned (an sp-based access faults if not)
	bl keel_start_c
	udf #0                  // not reached
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
