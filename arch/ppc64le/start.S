// ppc64le process entry (ELFv2). The kernel starts us with r1 pointing at argc (then argv,
// envp, auxv), lr = 0, r13 = 0 and r12 = the entry address (kernel start_thread and QEMU's
// init_thread both set r12 for ELFv2 binaries); r2, the TOC pointer, is NOT set: every C++
// function reaches its globals through r2, so _start builds it before the call. It does so
// PC-relatively rather than from r12, so it does not depend on how it was entered.
// keel_start_c does the rest in C++ and never returns.
	.abiversion 2           // mark the object ELFv2: the loader reads e_flags to pick the ABI
	.text
	.global _start
	.type _start, @function
_start:
	bcl 20, 31, 1f          // lr = address of 1f; this form leaves the return predictor alone
1:	mflr 11
	addis 2, 11, (.TOC. - 1b)@ha  // r2 = .TOC., the linker's TOC base, from our own address
	addi 2, 2, (.TOC. - 1b)@l
	mr 3, 1                 // keel_start_c(long *sp): the initial r1 points at argc
	clrrdi 1, 1, 4          // the ELFv2 ABI wants r1 16-byte aligned
	li 0, 0
	stdu 0, -32(1)          // minimum frame (back chain, CR, LR, TOC save words); a zero back
	                        // chain ends the chain: debuggers stop the backtrace here
	bl keel_start_c         // same TOC: the linker binds this to its local entry point
	nop                     // TOC-restore slot the ABI reserves after a call
	trap                    // not reached
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
