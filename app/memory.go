package app

import (
	"runtime/debug"
	"sync"
	"time"
)

// Opening a document of thousands of comments makes tens of megabytes of
// garbage (the old document's views and records). The Go runtime keeps the
// freed pages for a while before it hands them back to the system, so the
// window's memory stayed at its peak after switching between large
// documents. Once the user has stayed on a document for a moment, its
// memory is given back at once.

// memoryReturnDelay is how long after the last document switch the freed
// memory is returned: long enough not to run while the user clicks through
// documents, short enough that the figure comes back soon.
const memoryReturnDelay = 3 * time.Second

var memoryReturn struct {
	sync.Mutex
	timer *time.Timer
}

// returnMemorySoon returns freed memory to the system memoryReturnDelay
// after its last call, off the UI goroutine.
func returnMemorySoon() {
	memoryReturn.Lock()
	defer memoryReturn.Unlock()
	if memoryReturn.timer != nil {
		memoryReturn.timer.Stop()
	}
	memoryReturn.timer = time.AfterFunc(memoryReturnDelay, debug.FreeOSMemory)
}
