// Command icons writes an application icon in the sizes of the freedesktop
// hicolor icon theme: DIR/NxN/apps/NAME.png for each size N, scaled down
// from one square PNG with a Catmull-Rom filter.
//
// Usage:
//
//	go -C scripts/tools run ./icons -src assets/icon.png -out DIR -name org.newsmark.desktop 16 24 32 48 64 128 256
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/image/draw"
)

func main() {
	src := flag.String("src", "", "square PNG to scale")
	out := flag.String("out", "", "directory that receives NxN/apps/NAME.png")
	name := flag.String("name", "", "icon name (the desktop file's Icon= value)")
	flag.Parse()
	if err := run(*src, *out, *name, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func run(src, out, name string, sizes []string) error {
	if src == "" || out == "" || name == "" || len(sizes) == 0 {
		return fmt.Errorf("need -src, -out, -name and at least one size")
	}
	img, err := readPNG(src)
	if err != nil {
		return err
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() {
		return fmt.Errorf("%s: the icon is %dx%d, want a square", src, b.Dx(), b.Dy())
	}
	for _, s := range sizes {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return fmt.Errorf("size %q: want a positive whole number of pixels", s)
		}
		if n > b.Dx() {
			return fmt.Errorf("size %d: larger than the %dx%d source %s; scaling up would blur it", n, b.Dx(), b.Dy(), src)
		}
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		path := filepath.Join(out, fmt.Sprintf("%dx%d", n, n), "apps", name+".png")
		if err := writePNG(path, dst); err != nil {
			return err
		}
	}
	return nil
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

func writePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
