// 386 process entry. The kernel starts us with esp pointing at argc (then argv, envp, auxv)
// and edx holding a function to register with atexit (0 for static binaries; ignored). The
// i386 psABI as gcc and clang use it wants esp 16-byte aligned at every call, i.e. before the
// return address is pushed; arguments travel on the stack. keel_start_c never returns.
	.text
	.global _start
	.type _start, @function
_start:
	xor %ebp, %ebp          // outermost frame: debuggers stop the backtrace here
	mov %esp, %eax          // keel_start_c(long *sp): remember sp before aligning
	and $-16, %esp          // align, then leave room so that after the one argument
	sub $12, %esp           //   push esp is again 16-byte aligned at the call
	push %eax               // the argument, on the stack (cdecl)
	call keel_start_c       // pushes a return address that nothing will use
	hlt                     // not reached
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
