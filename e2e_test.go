package main

// End-to-end tests of the real binary: they build newsmark, start it in an
// X server without a screen (Xvfb), drive it with xdotool, and look at
// screenshots taken with ImageMagick's import. The README's test command
// installs these tools; a machine without them fails here with a message
// saying which is missing.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// newsmarkBinary builds the real program once per test run.
func newsmarkBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsmark-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "newsmark")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed for this end-to-end test: install it with apt-get install xvfb xdotool imagemagick (the README's test command does)", tool)
		}
	}
}

// xserver is one Xvfb display for one test.
type xserver struct {
	display string
	cmd     *exec.Cmd
}

// startXvfb starts an X server with a 1400×900 screen on a free display
// number and stops it when the test ends. A server that reports its display
// and then takes no connection (a CI run once saw the window fail to open
// a display Xvfb had just reported) is replaced, up to three times.
func startXvfb(t *testing.T) *xserver {
	t.Helper()
	requireTools(t, "Xvfb", "xdotool", "import")
	var last string
	for range 3 {
		x, err := launchXvfb(t)
		if err != nil {
			t.Fatal(err)
		}
		if x.answers(10 * time.Second) {
			return x
		}
		last = x.display
		x.stop()
	}
	t.Fatalf("Xvfb reported display %s three times and took no connection", last)
	return nil
}

// launchXvfb starts one Xvfb on a display it picks itself.
func launchXvfb(t *testing.T) (*xserver, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, err
	}
	w.Close()
	x := &xserver{cmd: cmd}
	t.Cleanup(x.stop)
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			return nil, fmt.Errorf("Xvfb did not report a display number")
		}
		x.display = ":" + n
		return x, nil
	case <-time.After(20 * time.Second):
		return nil, fmt.Errorf("Xvfb did not start within 20 s")
	}
}

// answers reports whether the display takes a connection within timeout.
func (x *xserver) answers(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		cmd := exec.Command("xdotool", "getdisplaygeometry")
		cmd.Env = x.env()
		if cmd.Run() == nil {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

// stop ends the server, letting it remove its lock file and socket first
// (a killed server leaves them for the next test to trip over).
func (x *xserver) stop() {
	if x.cmd == nil || x.cmd.Process == nil {
		return
	}
	cmd := x.cmd
	x.cmd = nil
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// env returns the environment for a program on this display.
func (x *xserver) env(extra ...string) []string {
	env := append(os.Environ(), "DISPLAY="+x.display, "LANG=en_US.UTF-8", "LC_ALL=en_US.UTF-8")
	return append(env, extra...)
}

// xdotool runs xdotool on this display and returns its output.
func (x *xserver) xdotool(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = x.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// waitWindow waits until a window whose name contains name is mapped and
// returns its id.
func (x *xserver) waitWindow(t *testing.T, name string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", name)
		cmd.Env = x.env()
		out, _ := cmd.Output()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			return ids[0]
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no window named %q appeared within %v", name, timeout)
	return ""
}

// screenshot saves the whole screen to path and returns it decoded.
func (x *xserver) screenshot(t *testing.T, path string) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = x.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return img
}

// distinctColours counts the different colours in img, sampling every
// second pixel, to tell a drawn window from a blank screen.
func distinctColours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	return len(seen)
}

// gui is the real program running on an X display.
type gui struct {
	cmd    *exec.Cmd
	out    bytes.Buffer
	done   chan error
	window string
}

// startGUI starts newsmark with args on x and waits for its main window.
func startGUI(t *testing.T, x *xserver, args ...string) *gui {
	t.Helper()
	g := &gui{done: make(chan error, 1)}
	g.cmd = exec.Command(newsmarkBinary(t), args...)
	g.cmd.Env = x.env("HOME=" + t.TempDir())
	g.cmd.Stdout = &g.out
	g.cmd.Stderr = &g.out
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { g.done <- g.cmd.Wait() }()
	t.Cleanup(func() {
		if g.cmd.ProcessState == nil {
			g.cmd.Process.Kill()
			<-g.done
		}
		if t.Failed() {
			t.Logf("newsmark output:\n%s", g.out.String())
		}
	})
	g.window = x.waitWindow(t, "Newsmark", 60*time.Second)
	return g
}

// quit presses Ctrl+Q in the window and waits for the program to exit
// cleanly.
func (g *gui) quit(t *testing.T, x *xserver) {
	t.Helper()
	x.xdotool(t, "windowfocus", "--sync", g.window)
	x.xdotool(t, "key", "ctrl+q")
	select {
	case err := <-g.done:
		if err != nil {
			t.Fatalf("newsmark exited with %v after Ctrl+Q\n%s", err, g.out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("newsmark did not exit within 20 s of Ctrl+Q\n%s", g.out.String())
	}
}

// drag presses the left button at (x0, y), moves to (x1, y) in steps, as a
// hand would, and releases it.
func (x *xserver) drag(t *testing.T, x0, x1, y int) {
	t.Helper()
	args := []string{"mousemove", fmt.Sprint(x0), fmt.Sprint(y), "mousedown", "1"}
	for i := 1; i <= 4; i++ {
		args = append(args, "mousemove", fmt.Sprint(x0+(x1-x0)*i/4), fmt.Sprint(y+1))
	}
	args = append(args, "mouseup", "1")
	x.xdotool(t, args...)
	time.Sleep(300 * time.Millisecond)
}

// key presses keys and gives the window a moment to act on them.
func (x *xserver) key(t *testing.T, keys ...string) {
	t.Helper()
	x.xdotool(t, append([]string{"key"}, keys...)...)
	time.Sleep(400 * time.Millisecond)
}

// waitScreen takes screenshots for up to 5 s until ok accepts one.
func (x *xserver) waitScreen(t *testing.T, path string, ok func(image.Image) bool) bool {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if ok(x.screenshot(t, path)) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// shotsDir is where screenshots go: $NEWSMARK_SHOTS to keep them, else a
// temporary directory.
func shotsDir(t *testing.T) string {
	if dir := os.Getenv("NEWSMARK_SHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// waitDrawn waits until the screen shows a drawn window rather than a blank
// one (the first frames may still be empty) and returns its number of
// colours.
func (x *xserver) waitDrawn(t *testing.T, path string) int {
	t.Helper()
	colours := 0
	x.waitScreen(t, path, func(img image.Image) bool {
		colours = distinctColours(img)
		return colours > 50
	})
	return colours
}
