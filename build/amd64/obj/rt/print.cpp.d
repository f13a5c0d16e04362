/work/main/build/amd64/obj/rt/print.cpp.o: /work/main/rt/print.cpp \
 /work/main/rt/print.h /work/main/sys/result.h \
 /work/main/sys/amd64/errnos.h /work/main/rt/format.h /work/main/rt/mem.h \
 /work/main/sys/calls.h /work/main/sys/kstructs.h \
 /work/main/sys/syscall.h /work/main/arch/amd64/arch.h \
 /work/main/sys/amd64/consts.h /work/main/sys/amd64/sysno.h
/work/main/rt/print.h:
/work/main/sys/result.h:
/work/main/sys/amd64/errnos.h:
/work/main/rt/format.h:
/work/main/rt/mem.h:
/work/main/sys/calls.h:
/work/main/sys/kstructs.h:
/work/main/sys/syscall.h:
/work/main/arch/amd64/arch.h:
/work/main/sys/amd64/consts.h:
/work/main/sys/amd64/sysno.h:
