/work/main/build/amd64/obj/examples/hello/hello.cpp.o: \
 /work/main/examples/hello/hello.cpp /work/main/rt/keel.h \
 /work/main/rt/format.h /work/main/rt/futex.h /work/main/rt/atomic.h \
 /work/main/sys/calls.h /work/main/sys/kstructs.h \
 /work/main/sys/syscall.h /work/main/arch/amd64/arch.h \
 /work/main/sys/amd64/consts.h /work/main/sys/amd64/sysno.h \
 /work/main/sys/result.h /work/main/sys/amd64/errnos.h \
 /work/main/rt/mem.h /work/main/rt/mutex.h /work/main/rt/pages.h \
 /work/main/rt/print.h /work/main/rt/process.h
/work/main/rt/keel.h:
/work/main/rt/format.h:
/work/main/rt/futex.h:
/work/main/rt/atomic.h:
/work/main/sys/calls.h:
/work/main/sys/kstructs.h:
/work/main/sys/syscall.h:
/work/main/arch/amd64/arch.h:
/work/main/sys/amd64/consts.h:
/work/main/sys/amd64/sysno.h:
/work/main/sys/result.h:
/work/main/sys/amd64/errnos.h:
/work/main/rt/mem.h:
/work/main/rt/mutex.h:
/work/main/rt/pages.h:
/work/main/rt/print.h:
/work/main/rt/process.h:
