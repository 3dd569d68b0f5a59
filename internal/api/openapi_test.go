package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api"
)

// walkRoutes lists every route of the face as "METHOD /v1/path", sorted,
// from the route table api.New builds its mux from.
func walkRoutes(t *testing.T) []string {
	t.Helper()
	out := api.Routes()
	if len(out) < 50 {
		t.Fatalf("only %d routes in the table", len(out))
	}
	return slices.Sorted(slices.Values(out))
}

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Info       struct{ Title, Version string }       `json:"info"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas         map[string]json.RawMessage `json:"schemas"`
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string            `json:"operationId"`
	Summary     string            `json:"summary"`
	Security    *[]map[string]any `json:"security"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	Responses map[string]json.RawMessage `json:"responses"`
}

// loadOpenAPI reads openapi.json and its operations by "METHOD /path".
func loadOpenAPI(t *testing.T) (openAPIDoc, map[string]openAPIOperation) {
	t.Helper()
	file, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(file) {
		t.Fatal("openapi.json is not valid JSON")
	}
	var doc openAPIDoc
	if err := json.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	ops := map[string]openAPIOperation{}
	for path, methods := range doc.Paths {
		for method, raw := range methods {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			ops[strings.ToUpper(method)+" "+path] = op
		}
	}
	return doc, ops
}

// public reports whether the document says op needs no token.
func (op openAPIOperation) public() bool { return op.Security != nil && len(*op.Security) == 0 }

// authenticatedRoutes lists the routes that need a token, with path
// parameters filled in.
func authenticatedRoutes(t *testing.T) []string {
	t.Helper()
	_, ops := loadOpenAPI(t)
	var out []string
	for _, rt := range walkRoutes(t) {
		if op, ok := ops[rt]; ok && !op.public() {
			out = append(out, pathParam.ReplaceAllString(rt, "x"))
		}
	}
	return out
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// TestOpenAPIMatchesRoutes checks that /v1/openapi.json describes exactly
// the routes of routes.go, each with its path parameters, and nothing else.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := mustAPIServer(t)
	r := s.raw(t, http.MethodGet, "/v1/openapi.json", "", "", nil)
	file, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/json" || string(r.Body) != string(file) {
		t.Fatalf("GET /v1/openapi.json: %d %s, or not the file", r.Status, r.Header.Get("Content-Type"))
	}
	doc, ops := loadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" || doc.Info.Title == "" || doc.Info.Version == "" {
		t.Fatalf("openapi %q, info %+v", doc.OpenAPI, doc.Info)
	}
	var documented []string
	for key := range ops {
		documented = append(documented, key)
	}
	slices.Sort(documented)
	routed := walkRoutes(t)
	for _, rt := range routed {
		if !slices.Contains(documented, rt) {
			t.Errorf("route %s is not in openapi.json", rt)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routed, d) {
			t.Errorf("openapi.json documents %s, which routes.go does not serve", d)
		}
	}

	param := pathParam
	ids := map[string]string{}
	for key, op := range ops {
		if op.OperationID == "" || op.Summary == "" {
			t.Errorf("%s: no operationId or summary", key)
		}
		if other, dup := ids[op.OperationID]; dup {
			t.Errorf("%s and %s share operationId %q", key, other, op.OperationID)
		}
		ids[op.OperationID] = key
		for _, m := range param.FindAllStringSubmatch(key, -1) {
			ok := false
			for _, p := range op.Parameters {
				ok = ok || (p.Name == m[1] && p.In == "path" && p.Required)
			}
			if !ok {
				t.Errorf("%s: path parameter {%s} is not declared as a required path parameter", key, m[1])
			}
		}
		success := false
		for code := range op.Responses {
			success = success || strings.HasPrefix(code, "2")
		}
		if !success || op.Responses["default"] == nil {
			t.Errorf("%s: needs a 2xx response and a default (problem) response", key)
		}
	}

	// Every $ref points at a schema that exists.
	refs := regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`)
	for _, m := range refs.FindAllStringSubmatch(string(file), -1) {
		if _, ok := doc.Components.Schemas[m[1]]; !ok {
			t.Errorf("$ref to missing schema %q", m[1])
		}
	}

	// An operation documented without security is one the server answers
	// without a token, and the other way round.
	for _, rt := range routed {
		method, path, _ := strings.Cut(rt, " ")
		path = param.ReplaceAllString(path, "x")
		r := s.raw(t, method, path, "", "application/json", []byte(`{}`))
		public := !(r.Status == http.StatusUnauthorized && strings.Contains(string(r.Body), `"code":"auth.required"`))
		if documentedPublic := ops[rt].public(); public != documentedPublic {
			t.Errorf("%s: answers without a token: %v; documented as public: %v", rt, public, documentedPublic)
		}
	}
}
