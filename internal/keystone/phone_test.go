package keystone

import "testing"

func TestSplitMobile(t *testing.T) {
	tests := []struct{ in, area, phone string }{
		{"+8613812345678", "0086", "13812345678"},
		{"+33612345678", "0033", "612345678"},
		{"+14155550123", "001", "4155550123"},
		{"+79161234567", "007", "9161234567"},
		{"+352621123456", "00352", "621123456"},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, p := splitMobile(tt.in)
			if a != tt.area || p != tt.phone {
				t.Fatalf("splitMobile(%q) = %q, %q; want %q, %q", tt.in, a, p, tt.area, tt.phone)
			}
			if tt.in == "" {
				return
			}
			m, err := joinMobile(&a, &p)
			if err != nil || *m != tt.in {
				t.Fatalf("joinMobile(%q, %q) = %v, %v; want %q", a, p, m, err, tt.in)
			}
		})
	}
}

func TestJoinMobileTogether(t *testing.T) {
	a, empty := "0086", ""
	if _, err := joinMobile(&a, nil); err == nil {
		t.Fatal("areacode without phone accepted")
	}
	if _, err := joinMobile(&a, &empty); err == nil {
		t.Fatal("areacode with empty phone accepted")
	}
	if m, err := joinMobile(&empty, &empty); err != nil || *m != "" {
		t.Fatalf("removal: %v %v", m, err)
	}
}
