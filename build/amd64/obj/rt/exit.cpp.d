/work/main/build/amd64/obj/rt/exit.cpp.o: /work/main/rt/exit.cpp \
 /work/main/rt/atomic.h /work/main/rt/process.h /work/main/sys/calls.h \
 /work/main/sys/kstructs.h /work/main/sys/syscall.h \
 /work/main/arch/amd64/arch.h /work/main/sys/amd64/consts.h \
 /work/main/sys/amd64/sysno.h /work/main/sys/result.h \
 /work/main/sys/amd64/errnos.h
/work/main/rt/atomic.h:
/work/main/rt/process.h:
/work/main/sys/calls.h:
/work/main/sys/kstructs.h:
/work/main/sys/syscall.h:
/work/main/arch/amd64/arch.h:
/work/main/sys/amd64/consts.h:
/work/main/sys/amd64/sysno.h:
/work/main/sys/result.h:
/work/main/sys/amd64/errnos.h:
