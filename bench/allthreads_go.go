// The Go peer of keel's all-threads credential-change benchmark (research/baselines.md, A).
//
//	allthreads_go MODE N K     MODE = cv | read, N = other threads, K = timed calls
//	stdout: median microseconds per call; stderr: "# mean X p90 Y", "# verified T tasks";
//	exit 1 if some task does not carry the expected egid.
//
// Build (no cgo: with cgo, syscall.AllThreadsSyscall refuses with ENOTSUP and Setresgid goes
// through the C library instead):
//
//	CGO_ENABLED=0 go build -o OUT bench/allthreads_go.go
//
// In Go 1.19 without cgo, syscall.Setresgid is AllThreadsSyscall(SYS_SETRESGID, ...): the runtime
// stops the world, signals every M (OS thread) with sigPerThreadSyscall, and polls with osyield
// until each one has made the system call in its signal handler. Its fixed cost includes the
// runtime's own threads (sysmon, idle Ms: about 4 more tasks than the C peers), which must all
// change too and are all verified.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s cv|read N K\n", os.Args[0])
	os.Exit(2)
}

// taskStates counts the tasks of the process in state 'S' (sleeping), and all tasks.
func taskStates() (sleeping, total int) {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, 0
	}
	for _, e := range ents {
		b, err := os.ReadFile("/proc/self/task/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		total++
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) && s[i+2] == 'S' {
			sleeping++
		}
	}
	return
}

// verify checks that every task of the process shows egid want (second field of "Gid:").
func verify(want int, n int) bool {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		fmt.Fprintln(os.Stderr, "read /proc/self/task:", err)
		return false
	}
	tasks, bad := 0, 0
	for _, e := range ents {
		b, err := os.ReadFile("/proc/self/task/" + e.Name() + "/status")
		if err != nil {
			continue // a runtime thread that exited meanwhile
		}
		tasks++
		eg := -1
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 3 && f[0] == "Gid:" {
				eg, _ = strconv.Atoi(f[2])
				break
			}
		}
		if eg != want {
			if bad < 10 {
				fmt.Fprintf(os.Stderr, "task %s: egid %d, expected %d\n", e.Name(), eg, want)
			}
			bad++
		}
	}
	if tasks < n+1 {
		fmt.Fprintf(os.Stderr, "found %d tasks, expected at least %d\n", tasks, n+1)
		return false
	}
	if bad > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d of %d tasks lack egid %d\n", bad, tasks, want)
		return false
	}
	fmt.Fprintf(os.Stderr, "# verified %d tasks\n", tasks)
	return true
}

func main() {
	if len(os.Args) != 4 || (os.Args[1] != "cv" && os.Args[1] != "read") {
		usage()
	}
	modeRead := os.Args[1] == "read"
	n, err1 := strconv.Atoi(os.Args[2])
	k, err2 := strconv.Atoi(os.Args[3])
	if err1 != nil || err2 != nil || n < 0 || k < 1 {
		usage()
	}

	// read mode: a plain blocking pipe from syscall.Pipe2 (os.Pipe would make it non-blocking
	// and hand it to the netpoller, so no thread would sit in read(2)).
	var p [2]int
	if modeRead {
		if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
			fmt.Fprintln(os.Stderr, "pipe2:", err)
			os.Exit(2)
		}
	}
	stop := make(chan struct{})
	var ready int32
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// LockOSThread gives each goroutine its own OS thread for its whole life, so the
			// process really has N blocked threads, as in the C peers. Without it the N
			// goroutines would park on the scheduler and share GOMAXPROCS threads.
			runtime.LockOSThread()
			atomic.AddInt32(&ready, 1)
			if modeRead {
				// syscall.Read is the raw read(2) on this locked thread: the thread blocks in
				// the kernel (the runtime hands its P to another M). os.File.Read would park
				// the goroutine in the netpoller instead.
				var b [1]byte
				for {
					_, err := syscall.Read(p[0], b[:])
					if err != syscall.EINTR {
						break
					}
				}
			} else {
				<-stop // the locked M sleeps on its futex (stoplockedm) until the end
			}
		}()
	}

	// All N goroutines running on their threads, then (best effort) at least N sleeping tasks
	// besides this one, then 50 ms more for everything to settle, as in the C peers.
	for atomic.LoadInt32(&ready) < int32(n) {
		time.Sleep(time.Millisecond)
	}
	for tries := 0; tries < 5000; tries++ {
		if s, _ := taskStates(); s >= n {
			break
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)

	lat := make([]float64, 0, k)
	g := 1001
	for i := 0; i < 5+k; i++ {
		g = 1001 + i&1
		t0 := time.Now()
		err := syscall.Setresgid(-1, g, -1)
		d := time.Since(t0)
		if err != nil {
			fmt.Fprintf(os.Stderr, "setresgid(-1, %d, -1): %v\n", g, err)
			os.Exit(1)
		}
		if i >= 5 {
			lat = append(lat, float64(d.Nanoseconds())/1e3)
		}
	}
	sum := 0.0
	for _, v := range lat {
		sum += v
	}
	sort.Float64s(lat)
	med := lat[k/2]
	if k%2 == 0 {
		med = (lat[k/2-1] + lat[k/2]) / 2
	}
	fmt.Printf("%.2f\n", med)
	fmt.Fprintf(os.Stderr, "# mean %.2f p90 %.2f\n", sum/float64(k), lat[(9*k+9)/10-1])

	rc := 0
	if !verify(g, n) {
		rc = 1
	}
	// End the goroutines: EOF on the pipe, or close the channel. Their locked threads exit.
	if modeRead {
		syscall.Close(p[1])
	} else {
		close(stop)
	}
	wg.Wait()
	os.Exit(rc)
}
