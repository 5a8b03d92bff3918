package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/newsmark/newsmark/annotate"
)

// A coder package is an ordinary project file that knows which study and
// coder it belongs to. Opened in the window, its coder is the annotator:
// the merge takes that coder's work back, so the name cannot be changed
// here and is not remembered as this machine's annotator.

// studyStore returns the project as a study store, nil if it is none.
func (w *Window) studyStore() annotate.StudyStore {
	ss, _ := w.store.(annotate.StudyStore)
	return ss
}

// packageInfo returns the record of the coder package open in the window,
// nil for a project that is not a package.
func (w *Window) packageInfo() *annotate.PackageInfo {
	ss := w.studyStore()
	if ss == nil {
		return nil
	}
	info, err := ss.Package()
	if err != nil {
		fyne.LogError("read the package record", err)
		return nil
	}
	return info
}

// usePackageCoder makes a coder package's coder the annotator and reports
// whether the project is a package.
func (w *Window) usePackageCoder() bool {
	info := w.packageInfo()
	if info == nil || info.Coder == "" {
		return false
	}
	w.study.packageCoder = info.Coder
	w.annotator = info.Coder
	if !w.readOnly {
		if err := w.store.AddAnnotator(&annotate.Annotator{ID: info.Coder, Name: info.Coder, Created: time.Now()}); err != nil {
			fyne.LogError("record annotator", err)
		}
	}
	w.who.SetText(fmt.Sprintf(lang.L("Annotator: %s (set by the coder package)"), info.Coder))
	if w.doc != nil {
		w.afterChange(w.saved)
	}
	return true
}

// packageKeepsCoder says, when the project is a coder package, that its
// annotator cannot be changed, and reports whether it did.
func (w *Window) packageKeepsCoder() bool {
	if w.study.packageCoder == "" {
		return false
	}
	w.setStatusNote(fmt.Sprintf(lang.L("This is %s’s coder package: everything done in it is %s’s"), w.study.packageCoder, w.study.packageCoder))
	return true
}
