/work/main/build/amd64/obj/rt/env.cpp.o: /work/main/rt/env.cpp \
 /work/main/rt/mem.h /work/main/rt/process.h /work/main/sys/syscall.h \
 /work/main/arch/amd64/arch.h /work/main/sys/amd64/consts.h \
 /work/main/sys/amd64/sysno.h /work/main/sys/result.h \
 /work/main/sys/amd64/errnos.h
/work/main/rt/mem.h:
/work/main/rt/process.h:
/work/main/sys/syscall.h:
/work/main/arch/amd64/arch.h:
/work/main/sys/amd64/consts.h:
/work/main/sys/amd64/sysno.h:
/work/main/sys/result.h:
/work/main/sys/amd64/errnos.h:
