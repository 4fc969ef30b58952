package inventory

import "testing"

func TestParseDpkg(t *testing.T) {
	out := "ii \tbash\t5.2.15-2+b7\nrc \told-removed\t1.0\nii \tfirefox-esr\t115.5.0esr-1~deb12u1\n\niU \thalf-installed\t2\nbroken line\n"
	got := parseDpkg(out)
	if len(got) != 2 || got[0].Name != "bash" || got[0].Version != "5.2.15-2+b7" || got[1].Name != "firefox-esr" {
		t.Errorf("got %+v, want bash and firefox-esr (installed only)", got)
	}
}

func TestChassisOf(t *testing.T) {
	for code, want := range map[string]string{"10": "laptop", "9": "laptop", "3": "desktop", "23": "server", "1": "", "": ""} {
		if got := chassisOf(code); got != want {
			t.Errorf("chassis type %q: got %q, want %q", code, got, want)
		}
	}
}
