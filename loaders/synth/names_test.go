package synth

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestThousands(t *testing.T) {
	tests := map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 6000: "6,000", 1234567: "1,234,567", -4500: "-4,500"}
	for n, want := range tests {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestOrdinal(t *testing.T) {
	var got []string
	for _, n := range []int{1, 2, 12, 13, 21, 22, 23, 111, 112} {
		got = append(got, ordinal(n))
	}
	want := []string{"first", "second", "twelfth", "13th", "21st", "22nd", "23rd", "111th", "112th"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ordinals (-want +got):\n%s", diff)
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Zoë Kovač":       "zoe-kovac",
		"Søren Łodzin":    "soren-lodzin",
		"Oleh Melnyk":     "oleh-melnyk",
		"Олег Мельник":    "",
		"People's Relief": "peoples-relief",
		"The Dam 2":       "dam-2",
	}
	for in, want := range tests {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	tests := map[string]string{"": "", "the talks": "The talks", "über": "Über", "Ok": "Ok", "30-day": "30-day"}
	for in, want := range tests {
		if got := upperFirst(in); got != want {
			t.Errorf("upperFirst(%q) = %q; want %q", in, got, want)
		}
	}
}
