// ARM EABI run-time hooks that compilers call and libgcc does not supply (libstdc++ and libc
// would). The division-by-zero hooks are in start.S, for link-order reasons given there.
	.syntax unified
	.arm
	.text

// The C++ ABI for the ARM architecture registers a static object's destructor with
//   __aeabi_atexit(void *object, void (*destroyer)(void *), void *dso_handle)
// where other targets call __cxa_atexit(destroyer, object, dso_handle). Same arguments, the
// first two swapped, then a tail call to keel's __cxa_atexit (rt/exit.cpp).
	.global __aeabi_atexit
	.type __aeabi_atexit, %function
__aeabi_atexit:
	mov r3, r0              // r3 is free: the call has three arguments
	mov r0, r1              // destroyer first,
	mov r1, r3              // then the object; r2 (dso_handle) stays where it is
	b __cxa_atexit
	.size __aeabi_atexit, .-__aeabi_atexit

// The thread pointer for code built with -mtp=soft (clang's default for armv7a-linux): r0 only;
// callers assume every other register, flags included, survives.
	.global __aeabi_read_tp
	.type __aeabi_read_tp, %function
__aeabi_read_tp:
	mrc p15, 0, r0, c13, c0, 3
	bx lr
	.size __aeabi_read_tp, .-__aeabi_read_tp

	.section .note.GNU-stack,"",%progbits
