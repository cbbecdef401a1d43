package mail

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

var sample = Message{
	To: "marie@coop.example", ToName: "Marie Tremblay", Lang: "fr", Template: "application_approved",
	Subject: "Inscription acceptée – Ville de Lévis",
	Text:    "Bonjour Marie,\n\nBonne nouvelle.\n",
	HTML:    "<p>Bonjour Marie,</p><p>Bonne nouvelle.</p>",
}

// checkMIME parses a sent message as a mail client would.
func checkMIME(t *testing.T, raw []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != sample.Subject {
		t.Errorf("subject = %q, %v", subj, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != sample.To || to[0].Name != sample.ToName {
		t.Errorf("to = %v, %v", to, err)
	}
	if msg.Header.Get("Content-Language") != "fr" || msg.Header.Get("Message-Id") == "" {
		t.Errorf("headers = %v", msg.Header)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q, %v", mt, err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		types = append(types, ct)
		body, _ := io.ReadAll(p) // multipart decodes quoted-printable for us
		if ct == "text/plain" && !strings.Contains(string(body), "Bonne nouvelle.") {
			t.Errorf("text part = %q", body)
		}
		if ct == "text/html" && !strings.Contains(string(body), "<p>Bonne nouvelle.</p>") {
			t.Errorf("html part = %q", body)
		}
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Errorf("parts = %v, want text then HTML", types)
	}
}

func TestSMTPBuild(t *testing.T) {
	s, err := NewSMTPSender(SMTPConfig{Host: "localhost", From: "no-reply@maillage.example", FromName: "Maillage"})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := s.Build(sample)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	checkMIME(t, buf.Bytes())

	bad := sample
	bad.To = "not an address"
	if _, err := s.Build(bad); err == nil {
		t.Error("built a message to an invalid address")
	}
	if _, err := NewSMTPSender(SMTPConfig{Host: "localhost"}); err == nil {
		t.Error("accepted a configuration without a from address")
	}
}

// smtpSink is an SMTP server on the loopback that keeps what it receives: the outside
// world (a mail relay), faked at the network boundary.
type smtpSink struct {
	mu   sync.Mutex
	from string
	rcpt []string
	data [][]byte
}

func (k *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k}, nil }

type sinkSession struct{ k *smtpSink }

func (s *sinkSession) Reset()        {}
func (s *sinkSession) Logout() error { return nil }
func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.k.from = from
	return nil
}
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.k.rcpt = append(s.k.rcpt, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.k.data = append(s.k.data, b)
	return err
}

func TestSMTPSend(t *testing.T) {
	sink := &smtpSink{}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	port := l.Addr().(*net.TCPAddr).Port

	t.Run("delivers", func(t *testing.T) {
		s, _ := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: port, From: "no-reply@maillage.example", Insecure: true})
		if err := s.Send(context.Background(), sample); err != nil {
			t.Fatal(err)
		}
		sink.mu.Lock()
		defer sink.mu.Unlock()
		if sink.from != "no-reply@maillage.example" || len(sink.rcpt) != 1 || sink.rcpt[0] != sample.To || len(sink.data) != 1 {
			t.Fatalf("server saw from %q rcpt %v, %d messages", sink.from, sink.rcpt, len(sink.data))
		}
		checkMIME(t, sink.data[0])
	})
	t.Run("refuses to talk to a server without TLS unless told so", func(t *testing.T) {
		s, _ := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: port, From: "no-reply@maillage.example"})
		if err := s.Send(context.Background(), sample); err == nil {
			t.Fatal("sent without STARTTLS")
		}
	})
}

func TestDevSender(t *testing.T) {
	box := &MemoryMailbox{Max: 2}
	var s Sender = DevSender{Box: box}
	for _, to := range []string{"a@x.example", "b@x.example", "a@x.example"} {
		m := sample
		m.To = to
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	all := box.List("")
	if len(all) != 2 || all[0].To != "a@x.example" || all[1].To != "b@x.example" {
		t.Errorf("mailbox = %v, want the last two, newest first", all)
	}
	if got := box.List("b@x.example"); len(got) != 1 || got[0].Subject != sample.Subject || got[0].At.IsZero() {
		t.Errorf("List(b) = %v", got)
	}
}
