/work/main/build/amd64/obj/sys/errno.cpp.o: /work/main/sys/errno.cpp \
 /work/main/sys/result.h /work/main/sys/amd64/errnos.h
/work/main/sys/result.h:
/work/main/sys/amd64/errnos.h:
