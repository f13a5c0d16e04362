// riscv64 process entry. The kernel starts us with sp pointing at argc (then argv, envp,
// auxv), sp 16-byte aligned, a0 holding a function to register with atexit (0 for static
// binaries; ignored); gp and tp hold nothing keel can use. keel_start_c does the rest in C++
// and never returns.
	.text
	.global _start
	.type _start, @function
_start:
	.option push
	.option norelax         // gp is not set yet, so this load must not be relaxed against it
	lla gp, __global_pointer$  // gp before any code the linker may have made gp-relative;
	.option pop             //   lla: pc-relative whether or not the code is PIC
	mv a0, sp               // keel_start_c(long *sp)
	andi sp, sp, -16        // the psABI wants sp 16-byte aligned (the kernel already does it)
	li fp, 0                // outermost frame: frame-pointer walks stop at fp = 0
	li ra, 0                // and a null return address, which debuggers take as the end
	tail keel_start_c       // a jump, so keel_start_c starts with ra = 0; it never returns
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
