package keystone

import (
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// Huawei splits a mobile number into areacode ("0086") and phone; the core
// keeps one E.164 number ("+8613812345678"). Country calling codes are
// prefix-free: 1 and 7 have one digit, these have two, all others three
// (ITU-T E.164 assignments).
var twoDigitCodes = map[string]bool{
	"20": true, "27": true, "30": true, "31": true, "32": true, "33": true, "34": true, "36": true, "39": true,
	"40": true, "41": true, "43": true, "44": true, "45": true, "46": true, "47": true, "48": true, "49": true,
	"51": true, "52": true, "53": true, "54": true, "55": true, "56": true, "57": true, "58": true,
	"60": true, "61": true, "62": true, "63": true, "64": true, "65": true, "66": true,
	"81": true, "82": true, "84": true, "86": true, "90": true, "91": true, "92": true, "93": true, "94": true,
	"95": true, "98": true,
}

// splitMobile turns "+8613812345678" into ("0086", "13812345678").
func splitMobile(mobile string) (areacode, phone string) {
	d := strings.TrimPrefix(mobile, "+")
	if d == "" || d == mobile {
		return "", mobile
	}
	n := 3
	switch {
	case d[0] == '1' || d[0] == '7':
		n = 1
	case len(d) >= 2 && twoDigitCodes[d[:2]]:
		n = 2
	}
	if len(d) <= n {
		return "", mobile
	}
	return "00" + d[:n], d[n:]
}

// joinMobile turns Huawei's areacode and phone into the core's number. Both
// or neither must be set (Huawei's 1106); both empty removes the number.
func joinMobile(areacode, phone *string) (*string, error) {
	if areacode == nil && phone == nil {
		return nil, nil
	}
	if areacode == nil || phone == nil || (*areacode == "") != (*phone == "") {
		return nil, fault.New(fault.Invalid, "huawei.areacode_phone", "areacode and phone must be set together").WithField("phone")
	}
	if *phone == "" {
		empty := ""
		return &empty, nil
	}
	code := strings.TrimLeft(strings.TrimPrefix(*areacode, "+"), "0")
	m := "+" + code + *phone
	return &m, nil
}
