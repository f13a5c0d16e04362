// The Go peer of keel's spawn + wait benchmark (research/baselines.md, section B).
//
//	spawn_go ITERS CHILD THREADS RSS_MB
//	stdout: microseconds per spawn+wait = total wall time / ITERS ("181.4")
//	exit 1, with a message, if a spawn fails or a child does not exit with status 0;
//	exit 2 on a usage or set-up error.
//
// Build (offline, a single file, no cgo):
//
//	CGO_ENABLED=0 go build -o OUT bench/spawn_go.go
//
// Each spawn is what a Go program writes: exec.Command(CHILD) with Stdout and Stderr set to one
// shared /dev/null *os.File (passed to the child as its fd, no copying goroutine), Stdin set to
// os.Stdin (inherited, as in the C peers: a nil Stdin would be /dev/null), an empty environment
// (a non-nil empty Env; nil would inherit), then cmd.Run(). In Go 1.19 on Linux that is
// syscall.forkExec with CLONE_VFORK|CLONE_VM, plus exec.Command's LookPath stat, a pidfd-less
// wait4, and the os.Process bookkeeping. THREADS goroutines, released at once, run ITERS spawns in
// all (ITERS / THREADS each, the first ITERS % THREADS one more); GOMAXPROCS is the default (the
// CPUs of the affinity mask, so 1 under taskset -c 0).
//
// RSS_MB MiB are a []byte from an anonymous mmap with MADV_NOHUGEPAGE, one byte written per page,
// like the C peers (a make([]byte) would come from the Go heap, which may use huge pages).
package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s ITERS CHILD THREADS RSS_MB\n", os.Args[0])
	os.Exit(2)
}

func main() {
	if len(os.Args) != 5 {
		usage()
	}
	iters, err1 := strconv.Atoi(os.Args[1])
	child := os.Args[2]
	threads, err2 := strconv.Atoi(os.Args[3])
	rssMB, err3 := strconv.Atoi(os.Args[4])
	if err1 != nil || err2 != nil || err3 != nil || iters < 1 || threads < 1 || threads > 1024 || rssMB < 0 {
		usage()
	}

	var mem []byte
	if rssMB > 0 {
		var err error
		mem, err = syscall.Mmap(-1, 0, rssMB<<20, syscall.PROT_READ|syscall.PROT_WRITE,
			syscall.MAP_PRIVATE|syscall.MAP_ANON)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mmap: %v\n", err)
			os.Exit(2)
		}
		_ = syscall.Madvise(mem, 15) // MADV_NOHUGEPAGE, best effort
		pg := os.Getpagesize()
		for off := 0; off < len(mem); off += pg {
			mem[off] = 1
		}
	}

	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", os.DevNull, err)
		os.Exit(2)
	}

	var failed int32
	var failMu sync.Mutex
	fail := func(err error) {
		if atomic.CompareAndSwapInt32(&failed, 0, 1) {
			failMu.Lock()
			fmt.Fprintf(os.Stderr, "spawn_go: %s: %v\n", child, err)
			failMu.Unlock()
		}
	}

	start := make(chan struct{})
	var wg sync.WaitGroup
	for t := 0; t < threads; t++ {
		n := iters / threads
		if t < iters%threads {
			n++
		}
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			<-start
			for i := 0; i < n && atomic.LoadInt32(&failed) == 0; i++ {
				cmd := exec.Command(child)
				cmd.Env = []string{}
				cmd.Stdin = os.Stdin
				cmd.Stdout = devnull
				cmd.Stderr = devnull
				if err := cmd.Run(); err != nil { // a spawn error or an *ExitError (status != 0)
					fail(err)
					return
				}
			}
		}(n)
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	el := time.Since(t0)
	runtime.KeepAlive(mem)
	if failed != 0 {
		os.Exit(1)
	}
	fmt.Printf("%.1f\n", float64(el.Nanoseconds())/1e3/float64(iters))
}
