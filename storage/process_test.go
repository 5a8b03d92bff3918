package storage_test

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/storage"
)

// TestHelperProcess is not a test: the tests below run the test binary
// again with NEWSMARK_STORAGE_HELPER set, and this function is then the
// second process. Without that variable it returns at once.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("NEWSMARK_STORAGE_HELPER")
	if mode == "" {
		return
	}
	path := os.Getenv("NEWSMARK_STORAGE_DB")
	switch mode {
	case "add":
		helperAdd(path, os.Getenv("NEWSMARK_STORAGE_DOC"))
	case "stage":
		helperStage(path)
	case "hold":
		// Hold the project open as the holder named, until stdin closes.
		s, err := storage.Open(path, storage.Options{Holder: os.Getenv("NEWSMARK_STORAGE_HOLDER")})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		bufio.NewReader(os.Stdin).ReadString('\n')
		s.Close()
	case "open":
		timeout, _ := time.ParseDuration(os.Getenv("NEWSMARK_STORAGE_TIMEOUT"))
		opts := storage.Options{Timeout: timeout, ReadOnly: os.Getenv("NEWSMARK_STORAGE_READONLY") != ""}
		start := time.Now()
		s, err := storage.Open(path, opts)
		elapsed := time.Since(start)
		if err == nil {
			s.Close()
			fmt.Printf("opened %d\n", elapsed.Milliseconds())
		} else {
			fmt.Printf("failed %d %t %s\n", elapsed.Milliseconds(), errors.Is(err, storage.ErrAlreadyOpen), err)
		}
	}
	os.Exit(0)
}

// helperAdd adds annotations one by one and prints each id once AddAnnotation
// has returned, until it is killed (or 30 s have passed, so that it never
// outlives a parent that died).
func helperAdd(path, docID string) {
	s, err := storage.Open(path, storage.Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	stop := time.Now().Add(30 * time.Second)
	for i := 0; time.Now().Before(stop); i++ {
		a := annotate.Annotation{DocumentID: docID, SegmentID: "s3", Start: i % 40, End: i%40 + 1 + i%7, Label: "PER",
			Note: strings.Repeat("n", i%300)} // notes of varied size make pages split
		if err := s.AddAnnotation(&a); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ack", a.ID)
	}
	os.Exit(0)
}

// helper returns a command that runs this test binary as a helper process.
func helper(mode string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "NEWSMARK_STORAGE_HELPER="+mode)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestCrashKeepsEveryAcknowledgedAnnotation kills a writing process at
// random moments, 25 times, and checks after each kill that the file passes
// bbolt's consistency check and holds every annotation whose AddAnnotation
// had returned.
func TestCrashKeepsEveryAcknowledgedAnnotation(t *testing.T) {
	s, path := openStore(t)
	doc := testDocument(t, "Reform", 1)
	if err := s.AddDocuments(doc); err != nil {
		t.Fatal(err)
	}
	s.Close()

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	acked := map[string]bool{}
	const rounds = 25
	for round := range rounds {
		cmd := helper("add", "NEWSMARK_STORAGE_DB="+path, "NEWSMARK_STORAGE_DOC="+doc.ID)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		record := func(line string) {
			switch {
			case strings.HasPrefix(line, "ack "):
				acked[strings.TrimPrefix(line, "ack ")] = true
			case strings.HasPrefix(line, "error"):
				t.Errorf("round %d: helper: %s", round, line)
			}
		}

		select {
		case line := <-lines:
			if line != "ready" {
				t.Fatalf("round %d: helper said %q", round, line)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("round %d: helper did not start", round)
		}
		killAt := time.After(time.Duration(1+rng.IntN(40)) * time.Millisecond)
	collect:
		for {
			select {
			case line := <-lines:
				record(line)
			case <-killAt:
				break collect
			}
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for line := range lines { // acknowledged before the kill, read after it
			record(line)
		}
		cmd.Wait()

		checkBolt(t, path)
		s, err := storage.Open(path)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		anns, err := s.Annotations(doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored := make(map[string]bool, len(anns))
		for _, a := range anns {
			stored[a.ID] = true
		}
		for id := range acked {
			if !stored[id] {
				t.Errorf("round %d: acknowledged annotation %s is lost", round, id)
			}
		}
		assertCounts(t, s, doc.ID, len(anns))
		s.Close()
		if t.Failed() {
			return
		}
	}
	if len(acked) < rounds {
		t.Errorf("only %d annotations acknowledged in %d rounds: the kills came too early to test anything", len(acked), rounds)
	}
	t.Logf("%d annotations acknowledged across %d kills", len(acked), rounds)
}

// checkBolt runs bbolt's own consistency check on the file.
func checkBolt(t *testing.T, path string) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSecondProcessGetsAlreadyOpen opens a project here and tries to open it
// from another process, which must fail with ErrAlreadyOpen within its
// timeout (in all, not per attempt), for writing and for reading, name this
// process, and succeed once the file is free.
func TestSecondProcessGetsAlreadyOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "project.db")
	s, err := storage.Open(path, storage.Options{Holder: "export"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		timeout  string
		readOnly bool
		min, max time.Duration
	}{
		{"writer with a short timeout", "300ms", false, 200 * time.Millisecond, 600 * time.Millisecond},
		{"reader with a short timeout", "300ms", true, 200 * time.Millisecond, 600 * time.Millisecond},
		{"writer with the default timeout", "", false, storage.DefaultTimeout - 100*time.Millisecond, storage.DefaultTimeout + 300*time.Millisecond},
	}
	want := fmt.Sprintf("in use by another Newsmark process (pid %d, newsmark export)", os.Getpid())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := []string{"NEWSMARK_STORAGE_DB=" + path, "NEWSMARK_STORAGE_TIMEOUT=" + tt.timeout}
			if tt.readOnly {
				env = append(env, "NEWSMARK_STORAGE_READONLY=1")
			}
			waited, msg := secondOpen(t, env)
			if waited < tt.min || waited > tt.max {
				t.Errorf("Open waited %v, want between %v and %v", waited, tt.min, tt.max)
			}
			if !strings.Contains(msg, want) || !strings.Contains(msg, path) {
				t.Errorf("message %q, want it to name the file and say %q", msg, want)
			}
			t.Logf("second process: Open failed after %v: %s", waited, msg)
		})
	}
	s.Close()
	out, err := helper("open", "NEWSMARK_STORAGE_DB="+path, "NEWSMARK_STORAGE_TIMEOUT=300ms").Output()
	if err != nil || !strings.HasPrefix(string(out), "opened") {
		t.Errorf("second process after Close: %q, %v", out, err)
	}
}

// TestOpenHeldByWindowFailsAtOnce holds a project in another process as a
// window would, and checks that Open here says so, with the window's
// process id, without waiting out its timeout (a window does not let go).
func TestOpenHeldByWindowFailsAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "project.db")
	if s, err := storage.Open(path); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
	}
	hold := helper("hold", "NEWSMARK_STORAGE_DB="+path, "NEWSMARK_STORAGE_HOLDER="+storage.HolderWindow)
	stdin, err := hold.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); hold.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		t.Fatalf("holding process: %q", line)
	}
	for _, readOnly := range []bool{false, true} {
		start := time.Now()
		_, err := storage.Open(path, storage.Options{Timeout: 5 * time.Second, ReadOnly: readOnly})
		waited := time.Since(start)
		var inUse *storage.InUseError
		if !errors.Is(err, storage.ErrAlreadyOpen) || !errors.As(err, &inUse) {
			t.Fatalf("read-only %t: Open: %v, want an InUseError", readOnly, err)
		}
		want := fmt.Sprintf("this project is open in another Newsmark window (pid %d)", hold.Process.Pid)
		if inUse.PID != hold.Process.Pid || !strings.Contains(err.Error(), want) {
			t.Errorf("read-only %t: %v, want %q", readOnly, err, want)
		}
		if waited > time.Second {
			t.Errorf("read-only %t: Open waited %v with a 5 s timeout; a window's project should fail at once", readOnly, waited)
		}
	}
}

// secondOpen runs Open in another process and returns how long it waited
// and its error message; it fails the test unless Open failed with
// ErrAlreadyOpen.
func secondOpen(t *testing.T, env []string) (time.Duration, string) {
	t.Helper()
	out, err := helper("open", env...).Output()
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.SplitN(strings.TrimSpace(string(out)), " ", 4)
	if len(fields) != 4 || fields[0] != "failed" || fields[2] != "true" {
		t.Fatalf("second process: %q, want failed with ErrAlreadyOpen", out)
	}
	ms, _ := strconv.Atoi(fields[1])
	return time.Duration(ms) * time.Millisecond, fields[3]
}
