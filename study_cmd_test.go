package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestOverlapIsAShareWithAPointOrPercentAndACountWithout(t *testing.T) {
	tests := []struct {
		in    string
		share float64
		count int
		bad   bool
	}{
		{in: "0.2", share: 0.2},
		{in: "0,25", share: 0.25},
		{in: "20%", share: 0.2},
		{in: "100%", share: 1},
		{in: "1.0", share: 1},
		{in: "10", count: 10},
		{in: "1", count: 1},
		{in: "0"},
		{in: "1.5", bad: true},
		{in: "120%", bad: true},
		{in: "-3", bad: true},
		{in: "ten", bad: true},
		{in: "NaN%", bad: true},
	}
	for _, tt := range tests {
		share, count, err := parseOverlap(tt.in)
		if (err != nil) != tt.bad || share != tt.share || count != tt.count {
			t.Errorf("parseOverlap(%q) = %v, %d, %v", tt.in, share, count, err)
		}
	}
}

func TestStudyCommandsRefuseMistakesWithUsageErrors(t *testing.T) {
	s := startStudy(t, 3)
	out := filepath.Join(s.dir, "p")
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"package without coders", []string{"--db", s.lead, "package", "-o", out}, 2, "--coder"},
		{"package without -o", []string{"--db", s.lead, "package", "--coder", "anna"}, 2, "-o DIR"},
		{"package with a bad overlap", []string{"--db", s.lead, "package", "--coder", "anna", "--overlap", "1.5", "-o", out}, 2, "share from 0 to 1"},
		{"package with too many documents", []string{"--db", s.lead, "package", "--coder", "anna,ben", "--docs", "2", "-o", out}, 2, "only 3 are left"},
		{"package of an unknown document", []string{"--db", s.lead, "package", "--coder", "anna", "--doc", "nope", "-o", out}, 1, "nope"},
		{"package with a bad seed", []string{"--db", s.lead, "package", "--coder", "anna", "--seed", "x", "-o", out}, 2, "whole number"},
		{"merge without files", []string{"--db", s.lead, "merge"}, 2, "package FILE"},
		{"progress in another format", []string{"--db", s.lead, "progress", "--format", "xml"}, 2, "table, csv or json"},
		{"status without documents", []string{"--db", s.lead, "status", "done"}, 2, "DOC-ID"},
		{"status unknown", []string{"--db", s.lead, "--annotator", "anna", "status", "finished", s.docs[0]}, 2, "finished"},
		{"status without annotator", []string{"--db", s.lead, "status", "done", s.docs[0]}, 2, "--annotator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.contains) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.contains)
			}
		})
	}
	if code, _, _ := runCLI(t, "--db", s.lead, "progress"); code != 0 {
		t.Errorf("progress after the refused commands: exit %d", code)
	}
}
