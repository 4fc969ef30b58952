package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/ticket"
	"outpost/sync/client"
	"outpost/sync/server/store"
)

// mainEnv makes the test binary run the real main with its arguments, as the installed
// outpost-server would.
const mainEnv = "OUTPOST_SERVER_RUN_MAIN"

// loginEnv makes the test binary sign a fresh desk in to the server URL it names with the
// sync client's default HTTP client, as the desktop app does, and exit 0 on success.
const loginEnv = "OUTPOST_TEST_DEFAULT_LOGIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
		os.Exit(0)
	}
	if url := os.Getenv(loginEnv); url != "" {
		os.Exit(defaultLogin(url))
	}
	os.Exit(m.Run())
}

func defaultLogin(url string) int {
	dir, err := os.MkdirTemp("", "outpost-login-")
	if err != nil {
		return 2
	}
	defer os.RemoveAll(dir)
	d, err := desk.Open(context.Background(), filepath.Join(dir, "profile.db"), time.Now)
	if err != nil {
		return 2
	}
	defer d.Close()
	if _, err := client.New(d).Login(context.Background(), url, "ann@example.test", testPassword); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

const testPassword = "correct horse battery"

// command runs outpost-server with args (the password in the environment) and returns its
// combined output.
func command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1", "OUTPOST_PASSWORD="+testPassword)
	return cmd
}

// pki is a private CA and a server certificate for 127.0.0.1 and localhost signed by it.
type pki struct {
	ca                        *x509.CertPool
	caFile, certFile, keyFile string
}

func newPKI(t *testing.T, dir string) *pki {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Outpost Test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "outpost-server"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p := &pki{ca: x509.NewCertPool(), caFile: filepath.Join(dir, "ca.crt"), certFile: filepath.Join(dir, "server.crt"), keyFile: filepath.Join(dir, "server.key")}
	p.ca.AddCert(caCert)
	write := func(path, typ string, der []byte) {
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(p.caFile, "CERTIFICATE", caDER)
	write(p.certFile, "CERTIFICATE", der)
	write(p.keyFile, "PRIVATE KEY", keyDER)
	return p
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// serveTLS starts `outpost-server serve` with TLS on a free port and waits until it answers
// over HTTPS trusting the CA.
func serveTLS(t *testing.T, db string, p *pki) string {
	t.Helper()
	addr := freePort(t)
	cmd := command("serve", "--listen", addr, "--db", db, "--tls-cert", p.certFile, "--tls-key", p.keyFile)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := <-exited; err != nil {
			t.Errorf("server did not stop cleanly on SIGTERM: %v\n%s", err, out.String())
		}
	})
	hc := trusting(p.ca)
	// Up to a minute or so: a loaded machine starts the server slowly (a wait, not an assertion).
	for i := 0; i < 3000; i++ {
		select {
		case err := <-exited:
			t.Fatalf("server exited: %v\n%s", err, out.String())
		default:
		}
		resp, err := hc.Get("https://" + addr + "/v1/health")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return addr
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not come up on %s:\n%s", addr, out.String())
	return ""
}

func trusting(pool *x509.CertPool) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// profile opens a fresh desktop profile whose sync client uses hc.
func profile(t *testing.T, hc *http.Client) (*desk.Desk, *client.Client) {
	t.Helper()
	d, err := desk.Open(context.Background(), filepath.Join(t.TempDir(), "profile.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	c := client.New(d)
	c.HTTP = hc
	return d, c
}

// TestServeTLS runs the real outpost-server with a certificate from a private CA: desks that
// trust the CA sign in, push and pull over HTTPS; plain HTTP to the port and a client that
// does not trust the CA are refused.
func TestServeTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server as a process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "server.db")
	p := newPKI(t, dir)
	addr := serveTLS(t, db, p)
	url := "https://" + addr
	for _, email := range []string{"ann@example.test", "bob@example.test"} {
		// The admin command works on the database while the server runs.
		if out, err := command("create-user", "--db", db, "--name", email, "--email", email, "--role", "agent").CombinedOutput(); err != nil {
			t.Fatalf("create-user %s: %v\n%s", email, err, out)
		}
	}

	t.Run("desks sync over https", func(t *testing.T) {
		da, ca := profile(t, trusting(p.ca))
		deskB, cb := profile(t, trusting(p.ca))
		ua, err := ca.Login(ctx, url, "ann@example.test", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		ub, err := cb.Login(ctx, url, "bob@example.test", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ca.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		ann, err := da.People.ActorFor(ctx, ua.ID)
		if err != nil {
			t.Fatal(err)
		}
		tk, err := da.Tickets.Create(ctx, ann, ticket.Draft{Type: ticket.Incident, Title: "VPN over TLS", Impact: 2, Urgency: 2})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := ca.Sync(ctx)
		if err != nil || rep.Accepted == 0 || rep.Rejected != 0 {
			t.Fatalf("push over https: %+v, %v", rep, err)
		}
		if _, err := cb.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		bob, err := deskB.People.ActorFor(ctx, ub.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := deskB.Tickets.Get(ctx, bob, tk.ID)
		if err != nil || got.Title != "VPN over TLS" || got.Number != tk.Number {
			t.Errorf("bob's desk: %+v, %v; want %s %q", got, err, tk.Number, "VPN over TLS")
		}
	})

	t.Run("plain http to the tls port", func(t *testing.T) {
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + addr + "/v1/health")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Fatalf("plain HTTP was served: %d %s", resp.StatusCode, body)
			}
			t.Logf("plain HTTP answered %d %q", resp.StatusCode, strings.TrimSpace(string(body)))
		}
		_, c := profile(t, &http.Client{Timeout: 10 * time.Second})
		_, err = c.Login(ctx, "http://"+addr, "ann@example.test", testPassword)
		if err == nil || !strings.Contains(err.Error(), "Client sent an HTTP request to an HTTPS server") {
			t.Errorf("plain-HTTP login: got %v, want the server's refusal", err)
		}
		t.Logf("plain-HTTP login: %v", err)
	})

	t.Run("client that does not trust the ca", func(t *testing.T) {
		_, c := profile(t, trusting(x509.NewCertPool()))
		_, err := c.Login(ctx, url, "ann@example.test", testPassword)
		var unknown x509.UnknownAuthorityError
		if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
			t.Fatalf("login without trusting the CA: got %v, want an unknown-authority error", err)
		}
		t.Logf("untrusted: %v", err)
	})

	t.Run("the desktop's default client trusts a CA named by SSL_CERT_FILE", func(t *testing.T) {
		login := func(env ...string) ([]byte, error) {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(append(os.Environ(), loginEnv+"="+url), env...)
			return cmd.CombinedOutput()
		}
		if out, err := login("SSL_CERT_FILE=" + p.caFile); err != nil {
			t.Errorf("login with SSL_CERT_FILE: %v\n%s", err, out)
		}
		if out, err := login("SSL_CERT_FILE="+filepath.Join(dir, "none.crt"), "SSL_CERT_DIR="+filepath.Join(dir, "none")); err == nil || !strings.Contains(string(out), "unknown authority") {
			t.Errorf("login without the CA: %v\n%s", err, out)
		}
	})

	t.Run("tls flags go together", func(t *testing.T) {
		out, err := command("serve", "--listen", freePort(t), "--db", db, "--tls-cert", p.certFile).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "--tls-cert and --tls-key go together") {
			t.Errorf("serve with a cert and no key: %v %s", err, out)
		}
	})
}

// TestBackupRestoreCommands: backup copies the database, restore puts it back over one that
// moved on and starts a new epoch, mark-restored starts another after the first.
func TestBackupRestoreCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server as a process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "server.db"), filepath.Join(dir, "backup.db")
	run := func(args ...string) string {
		t.Helper()
		out, err := command(args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("create-user", "--db", db, "--name", "Ann", "--email", "ann@example.test", "--role", "agent")
	run("backup", "--db", db, "--out", backup)
	run("create-user", "--db", db, "--name", "Bob", "--email", "bob@example.test", "--role", "agent")
	if out := run("restore", "--db", db, "--from", backup); !strings.Contains(out, "epoch") {
		t.Errorf("restore said %q", out)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UserByEmail(ctx, "ann@example.test"); err != nil {
		t.Errorf("the user in the backup: %v", err)
	}
	if _, err := st.UserByEmail(ctx, "bob@example.test"); err == nil {
		t.Error("the user made after the backup survived the restore")
	}
	first, err := st.Epoch(ctx)
	if err != nil || first.ID == 0 || first.Parent != 0 {
		t.Errorf("epoch after restore: %+v, %v", first, err)
	}
	_ = st.Close()
	run("mark-restored", "--db", db)
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if e, err := st.Epoch(ctx); err != nil || e.Parent != first.ID || e.ID == first.ID {
		t.Errorf("epoch after mark-restored: %+v, %v; want a child of %d", e, err, first.ID)
	}
	if out, err := command("restore", "--db", db).CombinedOutput(); err == nil || !strings.Contains(string(out), "--from") {
		t.Errorf("restore without --from: %v %s", err, out)
	}
}
