// arm (EABI) process entry. The kernel starts us in ARM state (the entry address has bit 0
// clear) with sp pointing at argc (then argv, envp, auxv) and r0 = 0 (no function to register
// with atexit in a static program; ignored). keel_start_c does the rest in C++ and never
// returns.
	.syntax unified
	.arm
	.text
	.global _start
	.type _start, %function
_start:
	mov fp, #0              // outermost frame: fp (r11 in ARM state) ends the frame chain
	mov lr, #0              // and a null return address stops backtraces here
	mov r0, sp              // keel_start_c(long *sp)
	bic r1, r0, #15         // AAPCS wants sp 8-byte aligned at a call; 16 costs nothing more
	mov sp, r1              // (ARM deprecates sp as a bic destination, so through r1)
	bl keel_start_c
	udf #0                  // not reached: trap if it ever is
	.size _start, .-_start

// Division by zero. ARMv7-A has no divide instruction in ARM state, so `a / b` calls libgcc,
// which on a zero divisor tail-calls __aeabi_idiv0 / __aeabi_ldiv0 with the quotient it
// suggests (0, or the saturated value) in r0 / r0:r1. libgcc's own versions call raise(), a
// libc function keel does not have. They are weak, and libgcc is scanned after libkeel.a, so
// keel's must already be linked when libgcc asks: start.o is the one object every program
// links whole. They return the suggested value, one of the choices the ARM run-time ABI
// allows, the way the hardware divide of later cores (and arm64, riscv64) answers 0.
	.section .text.__aeabi_idiv0,"ax",%progbits
	.global __aeabi_idiv0
	.type __aeabi_idiv0, %function
__aeabi_idiv0:
	bx lr
	.size __aeabi_idiv0, .-__aeabi_idiv0

	.section .text.__aeabi_ldiv0,"ax",%progbits
	.global __aeabi_ldiv0
	.type __aeabi_ldiv0, %function
__aeabi_ldiv0:
	bx lr
	.size __aeabi_ldiv0, .-__aeabi_ldiv0

	.section .note.GNU-stack,"",%progbits
