package api

// Routes lists the face's route table as "METHOD /v1/path", in table
// order: the very lines New builds its mux from.
func Routes() []string {
	var out []string
	for _, rt := range (&handler{}).routes() {
		out = append(out, rt.pattern)
	}
	return out
}
