// mips64le (n64) process entry. The linker's default entry on mips is __start; _start names
// the same address for tools that ask for it. The kernel starts us with $sp pointing at argc
// (then argv, envp, auxv) and 16-byte aligned; $2 may hold a function for atexit (0 for static
// binaries; ignored). keel_start_c does the rest in C++ and never returns.
//
// keel compiles with -mabicalls -fno-pic (the "cpic" model of non-PIE executables, the one the
// toolchain's libgcc is built for): every function that needs $gp computes it from $t9 = its
// own address, so $t9 must hold the callee at every call, including this first one. (With
// -mno-abicalls nothing would set $t9, and libgcc's PIC routines, e.g. __udivti3, would
// compute a wrong $gp: the linker's .pic stubs that fix $t9 hold only 32-bit addresses, and
// n64 executables live at 0x120000000.) $gp is also set to _gp, as glibc's start-up does, for
// any code that assumes it rather than computing it.
	.text
	.global __start
	.global _start
	.type __start, @function
	.type _start, @function
	.set push
	.set noreorder              // we fill the delay slot of jalr ourselves
__start:
_start:
	move	$4, $29             // a0 = sp: keel_start_c(long *sp)
	dla	$28, _gp            // gp = _gp: the linker-defined GOT/small-data base
	move	$30, $0             // fp = 0 and ra = 0: the outermost frame, where debuggers
	move	$31, $0             //   stop the backtrace
	daddiu	$12, $0, -16        // t0 = -16 ($12: n64's t0; o32 calls it t4)
	and	$29, $29, $12       // the n64 psABI wants sp 16-byte aligned at calls
	dla	$25, keel_start_c   // t9 = the callee: abicalls code derives $gp from it
	jalr	$25
	nop                         // delay slot
	break                       // not reached
	.set pop
	.size __start, .-__start
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
