//go:build pprof

package main

import (
	"log"
	"net/http"
	_ "net/http/pprof" // the profiles, on a development build only
	"os"
)

// A development build (go build -tags pprof) serves Go's profiles on the
// address in NEWSMARK_PPROF (for example localhost:6060), so the window can
// be profiled while a user works in it:
//
//	go tool pprof http://localhost:6060/debug/pprof/profile?seconds=10
//	go tool pprof http://localhost:6060/debug/pprof/heap
func init() {
	addr := os.Getenv("NEWSMARK_PPROF")
	if addr == "" {
		return
	}
	go func() {
		log.Printf("profiles on http://%s/debug/pprof/", addr)
		if err := http.ListenAndServe(addr, nil); err != nil {
			log.Printf("profiles: %v", err)
		}
	}()
}
