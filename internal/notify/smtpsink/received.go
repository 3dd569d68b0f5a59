package smtpsink

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Received is one accepted message.
type Received struct {
	From string   // MAIL FROM
	To   []string // RCPT TO, in order
	Data []byte   // the message exactly as sent after DATA
	TLS  bool     // the message came over a TLS connection
	User string   // the AUTH user, "" without AUTH

	// Parsed from Data on a best-effort basis: empty when Data does not parse.
	Header  mail.Header
	Subject string // RFC 2047 decoded
	Text    string // the text/plain body, decoded, with "\n" line ends
	HTML    string // the text/html body, decoded, with "\n" line ends
}

// parse fills the parsed fields of a Received from raw message bytes.
func parse(data []byte) Received {
	var r Received
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return r
	}
	r.Header = msg.Header
	dec := new(mime.WordDecoder)
	if s, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		r.Subject = s
	} else {
		r.Subject = msg.Header.Get("Subject")
	}
	walk(&r, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	return r
}

// walk finds the first text/plain and text/html parts, nested multiparts
// included.
func walk(r *Received, contentType, encoding string, body io.Reader, depth int) {
	if depth > 5 {
		return
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if contentType == "" {
		mt, err = "text/plain", nil
	}
	if err != nil {
		return
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			// multipart.Reader has already undone quoted-printable.
			walk(r, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1)
		}
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch {
	case mt == "text/plain" && r.Text == "":
		r.Text = text
	case mt == "text/html" && r.HTML == "":
		r.HTML = text
	}
}
