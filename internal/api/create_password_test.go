package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestCreateUserRunsWholePolicy is hole 10 of issue 11: POST /v1/users
// took password1 (201) because creation skipped the dictionaries. Every
// password set runs the whole policy: the bundled common-password list and
// the account's own list, as a change does.
func TestCreateUserRunsWholePolicy(t *testing.T) {
	srv, token := dictServer(t)
	dictCall(t, srv, token, "POST", "/v1/account/dictionary", map[string]any{"words": []string{"troubador&3x"}}, http.StatusOK, nil)
	tests := []struct{ name, password, code string }{
		{"ErrPassword1", "password1", "password.in_global_dictionary"},
		{"ErrQwerty123", "Qwerty123", "password.in_global_dictionary"},
		{"ErrPassw0rd", "P@ssw0rd", "password.in_global_dictionary"},
		{"ErrLocalDictionary", "Tr0ub4dor&3x!", "password.in_dictionary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := strings.ToLower(tt.name)
			b, _ := json.Marshal(map[string]any{"name": name, "email": name + "@acme.test", "password": tt.password})
			req, _ := http.NewRequest("POST", srv.URL+"/v1/users", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var prob struct {
				Status int
				Code   string
				Rules  []struct {
					ID     string
					Passed bool
				}
			}
			if err := json.NewDecoder(resp.Body).Decode(&prob); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" ||
				prob.Status != http.StatusBadRequest || prob.Code != tt.code || len(prob.Rules) == 0 {
				t.Fatalf("got %d %s %+v, want 400 %s", resp.StatusCode, resp.Header.Get("Content-Type"), prob, tt.code)
			}
		})
	}
	var list struct {
		Items []struct{ Name string }
	}
	dictCall(t, srv, token, "GET", "/v1/users", nil, http.StatusOK, &list)
	if len(list.Items) != 1 {
		t.Fatalf("refused users were created: %+v", list)
	}
	dictCall(t, srv, token, "POST", "/v1/users", map[string]any{"name": "newbie", "email": "newbie@acme.test",
		"password": "Marble-Orchid-Lantern-8"}, http.StatusCreated, nil)
}
