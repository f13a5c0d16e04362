/work/main/build/amd64/obj/rt/str.cpp.o: /work/main/rt/str.cpp \
 /work/main/rt/mem.h
/work/main/rt/mem.h:
