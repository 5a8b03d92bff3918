package importer

import "testing"

func TestStripSiteNameKeepsTheHeadlineOfATabTitle(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Die Ablehnung der Gendersprache » SciLogs - Wissenschaftsblogs", "", "Die Ablehnung der Gendersprache"},
		{"Zwischenbilanz: Jan Kegelberg über Tops und Flops - changelog", "changelog", "Zwischenbilanz: Jan Kegelberg über Tops und Flops"},
		{"Lokalblog | Haushalt vertagt", "Lokalblog", "Haushalt vertagt"},
		{"Krieg und Frieden – eine Bilanz", "", "Krieg und Frieden – eine Bilanz"}, // the dash is the headline's
	}
	for _, tt := range tests {
		if got := stripSiteName(tt.title, tt.site); got != tt.want {
			t.Errorf("stripSiteName(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestVisibleHeadlinePrefersTheHeadingThatMatchesAStatedTitle(t *testing.T) {
	cands := []headingCandidate{
		{text: "Lokalblog", level: 1}, // the logo
		{text: "Haushalt vertagt: Stadtrat streitet", level: 2, named: true},
		{text: "Was die Opposition fordert", level: 3},
	}
	got := visibleHeadline(cands, []string{"Haushalt vertagt: Stadtrat streitet | Lokalblog"}, "Lokalblog")
	if got != "Haushalt vertagt: Stadtrat streitet" {
		t.Errorf("headline = %q", got)
	}
	// No heading matches: the stated title less the site's name.
	got = visibleHeadline(cands[:1], []string{"Haushalt vertagt | Lokalblog"}, "Lokalblog")
	if got != "Haushalt vertagt" {
		t.Errorf("headline without a matching heading = %q", got)
	}
}
