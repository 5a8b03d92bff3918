package main

import (
	"bufio"
	"crypto/sha256"
	"debug/elf"
	"debug/pe"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// The icon sizes the Linux packages install into the hicolor theme.
var releaseIconSizes = []int{16, 24, 32, 48, 64, 128, 256}

// The release script builds the Linux tarball and the .deb as a user gets
// them. The tarball installs with make into a prefix of its own, the binary
// there prints this version, and make uninstall takes every file away again;
// the .deb holds the binary, the desktop file, the metainfo and the icons, and
// declares the Debian package of every library the binary links.
func TestReleaseBuildsLinuxPackagesThatInstall(t *testing.T) {
	requireTools(t, "bash", "make", "tar", "xz", "appstreamcli", "dpkg-deb", "dpkg-shlibdeps", "dpkg")
	readReleaseInputs(t)
	out := t.TempDir()
	cmd := exec.Command("bash", "scripts/release", "-o", out, "linux", "deb")
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	log, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/release linux deb: %v\n%s", err, log)
	}
	t.Logf("scripts/release linux deb:\n%s", log)
	tarball := fmt.Sprintf("newsmark-%s-linux-%s.tar.xz", version, runtime.GOARCH)
	deb := fmt.Sprintf("newsmark_%s_%s.deb", version, runtime.GOARCH)
	checkChecksums(t, out, tarball, deb)

	t.Run("tarball", func(t *testing.T) {
		unpacked := t.TempDir()
		runIn(t, "", "tar", "-C", unpacked, "-xJf", filepath.Join(out, tarball))
		dir := filepath.Join(unpacked, "newsmark-"+version)
		prefix := filepath.Join(t.TempDir(), "prefix with space")
		runIn(t, dir, "make", "install", "PREFIX="+prefix)

		for _, f := range installedFiles() {
			if _, err := os.Stat(filepath.Join(prefix, f)); err != nil {
				t.Errorf("make install put no %s into the prefix: %v", f, err)
			}
		}
		checkIconSizes(t, filepath.Join(prefix, "share", "icons", "hicolor"))
		checkDesktopFile(t, filepath.Join(prefix, "share", "applications", appID+".desktop"))
		if got := runIn(t, "", filepath.Join(prefix, "bin", "newsmark"), "version"); !strings.HasPrefix(got, "newsmark "+version+" ") {
			t.Errorf("the installed binary says %q, want newsmark %s", got, version)
		}

		runIn(t, dir, "make", "uninstall", "PREFIX="+prefix)
		filepath.WalkDir(prefix, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				t.Errorf("make uninstall left %s", path)
			}
			return nil
		})
	})

	t.Run("deb", func(t *testing.T) {
		debPath := filepath.Join(out, deb)
		info := runIn(t, "", "dpkg-deb", "--info", debPath)
		for _, want := range []string{"Package: newsmark", "Version: " + version, "Architecture: " + runtime.GOARCH} {
			if !strings.Contains(info, want) {
				t.Errorf("dpkg-deb --info does not say %q:\n%s", want, info)
			}
		}
		contents := runIn(t, "", "dpkg-deb", "--contents", debPath)
		for _, f := range installedFiles() {
			if !strings.Contains(contents, " ./usr/"+f+"\n") {
				t.Errorf("dpkg-deb --contents does not list /usr/%s:\n%s", f, contents)
			}
		}

		root := t.TempDir()
		runIn(t, "", "dpkg-deb", "-x", debPath, root)
		bin := filepath.Join(root, "usr", "bin", "newsmark")
		if got := runIn(t, "", bin, "version"); !strings.HasPrefix(got, "newsmark "+version+" ") {
			t.Errorf("the packaged binary says %q, want newsmark %s", got, version)
		}
		checkIconSizes(t, filepath.Join(root, "usr", "share", "icons", "hicolor"))
		checkDesktopFile(t, filepath.Join(root, "usr", "share", "applications", appID+".desktop"))
		runIn(t, "", "appstreamcli", "validate-tree", "--no-net", root)

		depends := debField(t, info, "Depends")
		for _, pkg := range append(libraryPackages(t, bin), packagesOf(t, glfwDlopened...)...) {
			if !dependsOn(depends, pkg) {
				t.Errorf("the binary links a library of %s, but the .deb's Depends is %q", pkg, depends)
			}
		}
	})
}

// readReleaseInputs reads the script, its templates and FyneApp.toml from
// this process: go test caches a passing result until a file the test
// itself read changes, and it cannot see what the script's processes read.
func readReleaseInputs(t *testing.T) {
	t.Helper()
	err := filepath.WalkDir("scripts", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, err = os.ReadFile(path)
		return err
	})
	if err == nil {
		_, err = os.ReadFile("FyneApp.toml")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// installedFiles lists, relative to the prefix, what the packages install.
func installedFiles() []string {
	files := []string{
		"bin/newsmark",
		"share/applications/" + appID + ".desktop",
		"share/metainfo/" + appID + ".metainfo.xml",
		"share/icons/hicolor/scalable/apps/" + appID + ".svg",
	}
	for _, n := range releaseIconSizes {
		files = append(files, fmt.Sprintf("share/icons/hicolor/%dx%d/apps/%s.png", n, n, appID))
	}
	return files
}

// runIn runs a command in dir and returns its standard output; it fails the
// test with the command's output when the command fails.
func runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout, stderr.String())
	}
	return string(stdout)
}

// checkChecksums checks that each artefact's NAME.sha256 and the release's
// SHA256SUMS give its SHA-256 in sha256sum's format.
func checkChecksums(t *testing.T, dir string, names ...string) {
	t.Helper()
	sums, err := os.ReadFile(filepath.Join(dir, "newsmark-"+version+"-SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("the release has no %s: %v", name, err)
		}
		sum := sha256.Sum256(data)
		line := hex.EncodeToString(sum[:]) + "  " + name + "\n"
		own, err := os.ReadFile(filepath.Join(dir, name+".sha256"))
		if err != nil || string(own) != line {
			t.Errorf("%s.sha256 = %q (%v), want %q", name, own, err, line)
		}
		if !strings.Contains(string(sums), line) {
			t.Errorf("SHA256SUMS does not give %q:\n%s", line, sums)
		}
	}
}

// checkIconSizes checks that each hicolor NxN icon is a PNG of N by N pixels.
func checkIconSizes(t *testing.T, hicolor string) {
	t.Helper()
	for _, n := range releaseIconSizes {
		path := filepath.Join(hicolor, fmt.Sprintf("%dx%d", n, n), "apps", appID+".png")
		f, err := os.Open(path)
		if err != nil {
			t.Error(err)
			continue
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != n || cfg.Height != n {
			t.Errorf("%s is %dx%d (%v), want %dx%d", path, cfg.Width, cfg.Height, err, n, n)
		}
	}
}

// checkDesktopFile checks that the desktop file starts the installed binary
// with the installed icon, in English and German.
func checkDesktopFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[Desktop Entry]\n", "\nType=Application\n", "\nName=Newsmark\n", "\nExec=newsmark\n",
		"\nIcon=" + appID + "\n", "\nComment=", "\nComment[de]=", "\nGenericName[de]=", "\nKeywords[de]=", "\nCategories=Office;Education;\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s has no %q:\n%s", path, strings.TrimSpace(want), data)
		}
	}
}

// debField returns a field of dpkg-deb --info's control part.
func debField(t *testing.T, info, field string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("dpkg-deb --info has no %s field:\n%s", field, info)
	return ""
}

// glfwDlopened are the X libraries GLFW opens with dlopen at run time
// (go-gl/glfw's x11_init.c), which the binary does not link.
var glfwDlopened = []string{"libXcursor.so.1", "libXrandr.so.2", "libXinerama.so.1", "libXi.so.6",
	"libXxf86vm.so.1", "libX11-xcb.so.1", "libXrender.so.1"}

// libraryPackages returns the Debian packages that hold the shared libraries
// the binary links, found as dpkg -S finds a file's package.
func libraryPackages(t *testing.T, bin string) []string {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) == 0 {
		t.Fatalf("%s links no shared library; the GUI needs libGL and libX11", bin)
	}
	return packagesOf(t, libs...)
}

// packagesOf returns the Debian packages that hold the named shared
// libraries, as dpkg -S finds them.
func packagesOf(t *testing.T, libs ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, lib := range libs {
		for _, line := range strings.Split(strings.TrimSpace(runIn(t, "", "dpkg", "-S", "*/"+lib)), "\n") {
			pkgs, _, ok := strings.Cut(line, ": ")
			if !ok {
				t.Fatalf("dpkg -S */%s printed %q", lib, line)
			}
			for _, p := range strings.Split(pkgs, ", ") {
				p, _, _ = strings.Cut(p, ":") // libgl1:amd64
				seen[p] = true
			}
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// dependsOn reports whether a Depends field names the package, alone or as
// one of alternatives, with or without a version.
func dependsOn(depends, pkg string) bool {
	for _, clause := range strings.Split(depends, ",") {
		for _, alt := range strings.Split(clause, "|") {
			name, _, _ := strings.Cut(strings.TrimSpace(alt), " ")
			if name == pkg {
				return true
			}
		}
	}
	return false
}

// The release script cross-builds the Windows program with mingw-w64: a
// 64-bit GUI program (no console window) that needs no DLL beside Windows'
// own, with the icon and the version in its resources.
func TestReleaseBuildsWindowsExe(t *testing.T) {
	requireTools(t, "bash", "x86_64-w64-mingw32-gcc")
	readReleaseInputs(t)
	out := t.TempDir()
	cmd := exec.Command("bash", "scripts/release", "-o", out, "windows")
	log, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/release windows: %v\n%s", err, log)
	}
	t.Logf("scripts/release windows:\n%s", log)
	name := "newsmark-" + version + "-windows-amd64.exe"
	checkChecksums(t, out, name)

	f, err := pe.Open(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine = %#x, want amd64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("the exe is not a 64-bit GUI program: %#v", f.OptionalHeader)
	}
	dlls, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	system := map[string]bool{"kernel32.dll": true, "user32.dll": true, "gdi32.dll": true, "shell32.dll": true,
		"opengl32.dll": true, "msvcrt.dll": true, "advapi32.dll": true, "ole32.dll": true, "winmm.dll": true, "ws2_32.dll": true}
	for _, dll := range dlls {
		if !system[strings.ToLower(dll)] {
			t.Errorf("the exe needs %s, which Windows does not have", dll)
		}
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("the exe has no resources (.rsrc)")
	}
	data, err := rsrc.Data()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ProductName", "Newsmark", "ProductVersion", "FileVersion", version + "."} {
		if !strings.Contains(string(data), utf16le(want)) {
			t.Errorf("the version resource has no %q", want)
		}
	}
	types := resourceTypes(t, data)
	for id, what := range map[uint32]string{3: "icon images (RT_ICON)", 14: "the icon (RT_GROUP_ICON)", 16: "the version (RT_VERSION)"} {
		if !types[id] {
			t.Errorf("the exe's resources have no %s; they have types %v", what, types)
		}
	}
}

// resourceTypes reads the type ids of the root resource directory at the
// start of a .rsrc section (IMAGE_RESOURCE_DIRECTORY, then its entries).
func resourceTypes(t *testing.T, rsrc []byte) map[uint32]bool {
	t.Helper()
	if len(rsrc) < 16 {
		t.Fatalf("the resource section has %d bytes", len(rsrc))
	}
	named := int(binary.LittleEndian.Uint16(rsrc[12:]))
	ids := int(binary.LittleEndian.Uint16(rsrc[14:]))
	types := map[uint32]bool{}
	for i := named; i < named+ids; i++ {
		at := 16 + 8*i
		if at+8 > len(rsrc) {
			t.Fatalf("the resource directory is cut off at entry %d", i)
		}
		types[binary.LittleEndian.Uint32(rsrc[at:])] = true
	}
	return types
}

// utf16le encodes ASCII text as Windows resources store strings.
func utf16le(s string) string {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return string(b)
}
