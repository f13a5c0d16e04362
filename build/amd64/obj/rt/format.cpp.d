/work/main/build/amd64/obj/rt/format.cpp.o: /work/main/rt/format.cpp \
 /work/main/rt/format.h
/work/main/rt/format.h:
