// A TLS 1.3 server on Go's crypto/tls (standard library only) for rtls's
// integration tests (tests/run.py). It echoes what the client sends and
// logs each connection on stdout for the runner's checks:
//
//	handshake: suite=TLS_AES_128_GCM_SHA256 resumed=false alpn=none client_cn=none client_hellos=1
//	handshake failed: <error> client_hellos=1
//	read ended: EOF             sending close_notify
//
// Go 1.19 cannot choose TLS 1.3 suites (the client's ciphers= does) and
// sends one NewSessionTicket per connection. Go's Read reports a TCP
// close at a record boundary as EOF just like a close_notify, so the log
// cannot tell them apart. Connections are served one at a time, so one
// connection's lines are all out before the next connection begins.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// A client that stops talking does not hold the (sequential) server.
const idleTimeout = 30 * time.Second

var curves = map[string]tls.CurveID{
	"x25519": tls.X25519, "secp256r1": tls.CurveP256,
	"secp384r1": tls.CurveP384, "secp521r1": tls.CurveP521,
}

var clientAuths = map[string]tls.ClientAuthType{
	"none": tls.NoClientCert, "optional": tls.VerifyClientCertIfGiven,
	"required": tls.RequireAndVerifyClientCert,
}

func list(value string) []string {
	if value == "" {
		return nil
	}
	return strings.Split(value, ",")
}

type server struct {
	cfg        *tls.Config
	port       int
	closeAfter int // send close_notify after echoing this many bytes; 0: never
}

func parse() (*server, error) {
	port := flag.Int("port", 0, "port on 127.0.0.1")
	certFile := flag.String("cert", "", "server certificate chain (PEM)")
	keyFile := flag.String("key", "", "server key (PEM)")
	clientCA := flag.String("client-ca", "", "trust anchors for client certificates (PEM)")
	clientAuth := flag.String("client-auth", "none", "none, optional or required")
	groups := flag.String("groups", "", "key exchange groups, in order (x25519,secp256r1,...)")
	alpn := flag.String("alpn", "", "ALPN protocols, in the server's order")
	closeAfter := flag.Int("close-after", 0, "send close_notify after echoing this many bytes")
	flag.Parse()
	if *port == 0 || *certFile == "" || *keyFile == "" {
		return nil, errors.New("-port, -cert and -key are required")
	}

	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		NextProtos:   list(*alpn),
	}
	auth, ok := clientAuths[*clientAuth]
	if !ok {
		return nil, fmt.Errorf("-client-auth %q: none, optional or required", *clientAuth)
	}
	cfg.ClientAuth = auth
	if *clientCA != "" {
		pem, err := os.ReadFile(*clientCA)
		if err != nil {
			return nil, err
		}
		cfg.ClientCAs = x509.NewCertPool()
		if !cfg.ClientCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", *clientCA)
		}
	}
	for _, name := range list(*groups) {
		id, ok := curves[name]
		if !ok {
			return nil, fmt.Errorf("unknown group %q", name)
		}
		cfg.CurvePreferences = append(cfg.CurvePreferences, id)
	}
	return &server{cfg, *port, *closeAfter}, nil
}

func or(value, none string) string {
	if value == "" {
		return none
	}
	return value
}

func (s *server) serve(raw net.Conn) {
	defer raw.Close()
	counter := &helloCounter{Conn: raw}
	conn := tls.Server(counter, s.cfg)
	conn.SetDeadline(time.Now().Add(idleTimeout))
	if err := conn.Handshake(); err != nil {
		if counter.bytes == 0 {
			return // tests/run.py's readiness probe: connects, sends nothing
		}
		fmt.Printf("handshake failed: %v client_hellos=%d\n", err, counter.hellos)
		return
	}
	state := conn.ConnectionState()
	cn := ""
	if len(state.PeerCertificates) > 0 {
		cn = state.PeerCertificates[0].Subject.CommonName
	}
	fmt.Printf("handshake: suite=%s resumed=%t alpn=%s client_cn=%s client_hellos=%d\n",
		tls.CipherSuiteName(state.CipherSuite), state.DidResume,
		or(state.NegotiatedProtocol, "none"), or(cn, "none"), counter.hellos)

	echoed := 0
	buf := make([]byte, 16384)
	for s.closeAfter == 0 || echoed < s.closeAfter {
		conn.SetDeadline(time.Now().Add(idleTimeout))
		n, err := conn.Read(buf)
		if err != nil {
			fmt.Printf("read ended: %v\n", err)
			break
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			fmt.Printf("write failed: %v\n", err)
			return
		}
		echoed += n
	}
	fmt.Printf("echoed %d bytes\n", echoed)
	// Logged first: once the client has it, the runner may stop the server.
	fmt.Println("sending close_notify")
	if err := conn.Close(); err != nil { // Close sends close_notify first
		fmt.Printf("close failed: %v\n", err)
	}
}

func main() {
	s, err := parse()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go_tls_server: %v\n", err)
		os.Exit(2)
	}
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", s.port))
	if err != nil {
		fmt.Fprintf(os.Stderr, "go_tls_server: %v\n", err)
		os.Exit(1)
	}
	for {
		raw, err := listener.Accept()
		if err != nil {
			fmt.Printf("accept failed: %v\n", err)
			continue
		}
		s.serve(raw)
	}
}
