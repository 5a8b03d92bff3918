package importer

// SetStageBytes sets how much text a staged import stores per part, and
// returns a function that puts the old value back.
func SetStageBytes(n int) (restore func()) {
	old := stageBytes
	stageBytes = n
	return func() { stageBytes = old }
}
