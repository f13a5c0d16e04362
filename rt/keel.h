// keel's public API in one header. A keel program includes this, defines main, and links
// with keel's start-up object and libkeel.a (see README.md: pkg-config keel).
#pragma once

#include "rt/format.h"
#include "rt/futex.h"
#include "rt/mem.h"
#include "rt/mutex.h"
#include "rt/pages.h"
#include "rt/print.h"
#include "rt/process.h"
#include "sys/calls.h"
#include "sys/result.h"
