/work/main/build/amd64/obj/rt/mem.cpp.o: /work/main/rt/mem.cpp \
 /work/main/rt/mem.h
/work/main/rt/mem.h:
