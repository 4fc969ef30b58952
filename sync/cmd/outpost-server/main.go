// Command outpost-server is Outpost's headless sync server: pure Go, SQLite by default,
// PostgreSQL for teams that outgrow one machine or run several instances.
//
//	outpost-server serve --listen 127.0.0.1:8443 --db /var/lib/outpost/server.db [--tls-cert c --tls-key k]
//	outpost-server create-user --db D --name N --email E --role agent   (password from OUTPOST_PASSWORD or stdin)
//	outpost-server reset-password --db D --email E
//	outpost-server create-group --db D --name N --members a@x,b@x
//	outpost-server list-devices --db D
//	outpost-server revoke-device --db D --id DEVICE
//	outpost-server backup --db D --out FILE    (SQLite; use pg_dump for PostgreSQL)
//	outpost-server restore --db D --from FILE  (SQLite, server stopped; starts a new epoch)
//	outpost-server mark-restored --db D        (after pg_restore: starts a new epoch)
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"outpost/sync/server"
	"outpost/sync/server/store"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		printf(os.Stderr, "outpost-server: %s\n", err)
		os.Exit(1)
	}
}

const usage = "usage: outpost-server serve|create-user|reset-password|create-group|list-devices|revoke-device|backup|restore|mark-restored [flags]"

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(textWriter{os.Stderr})
	db := fs.String("db", "outpost-server.db", "SQLite file path or postgres:// URL")
	listen := fs.String("listen", "127.0.0.1:8443", "address to listen on")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	key := fs.String("tls-key", "", "TLS key file (PEM)")
	name := fs.String("name", "", "user or group name")
	email := fs.String("email", "", "user email")
	role := fs.String("role", "agent", "requester, agent, manager or admin")
	members := fs.String("members", "", "comma-separated member emails")
	id := fs.String("id", "", "device id")
	out := fs.String("out", "", "backup file")
	from := fs.String("from", "", "backup file to restore")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cmd == "restore" {
		if *from == "" {
			return errors.New("restore needs --from")
		}
		ep, err := store.Restore(ctx, *from, *db)
		if err != nil {
			return err
		}
		printf(os.Stdout, "restored %s from %s: epoch %d (after %d in epoch %d)\n", *db, *from, ep.ID, ep.Start, ep.Parent)
		return nil
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	srv := server.New(st, time.Now)
	switch cmd {
	case "serve":
		return serve(ctx, srv, *listen, *cert, *key)
	case "create-user":
		pw, err := password()
		if err != nil {
			return err
		}
		u, err := srv.CreateUser(ctx, *name, *email, *role, pw)
		if err != nil {
			return err
		}
		printf(os.Stdout, "%s\n", u.ID)
		return nil
	case "reset-password":
		pw, err := password()
		if err != nil {
			return err
		}
		return srv.ResetPassword(ctx, *email, pw)
	case "create-group":
		var ids []string
		for _, e := range strings.Split(*members, ",") {
			if e = strings.TrimSpace(e); e == "" {
				continue
			}
			u, err := st.UserByEmail(ctx, strings.ToLower(e))
			if err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		g := store.Group{ID: uuid.Must(uuid.NewV7()).String(), Name: *name}
		if err := st.CreateGroup(ctx, g, ids); err != nil {
			return err
		}
		printf(os.Stdout, "%s\n", g.ID)
		return nil
	case "list-devices":
		devs, err := st.Devices(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		printf(w, "DEVICE\tUSER\tNAME\tLAST OP\tLAST SEEN\tREVOKED\n")
		for _, d := range devs {
			seen := "-"
			if d.LastSeen > 0 {
				seen = time.UnixMilli(d.LastSeen).UTC().Format(time.RFC3339)
			}
			printf(w, "%s\t%s\t%s\t%d\t%s\t%v\n", d.ID, d.UserID, d.Name, d.LastOpID, seen, d.Revoked)
		}
		return w.Flush()
	case "revoke-device":
		return st.RevokeDevice(ctx, *id)
	case "backup":
		if *out == "" {
			return errors.New("backup needs --out")
		}
		return st.Backup(ctx, *out)
	case "mark-restored":
		ep, err := st.MarkRestored(ctx)
		if err != nil {
			return err
		}
		printf(os.Stdout, "epoch %d (after %d in epoch %d)\n", ep.ID, ep.Start, ep.Parent)
		return nil
	default:
		return errors.New(usage)
	}
}

// password reads a password from OUTPOST_PASSWORD or the first line of stdin, never a flag
// (flags show up in process lists and shell history).
func password() (string, error) {
	if pw := os.Getenv("OUTPOST_PASSWORD"); pw != "" {
		return pw, nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("give the password in OUTPOST_PASSWORD or on stdin")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func serve(ctx context.Context, srv *server.Server, listen, cert, key string) error {
	if (cert == "") != (key == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	hs := &http.Server{Addr: listen, Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go collectBlobs(ctx, srv, time.Hour)
	go func() {
		slog.Info("outpost-server listening", "addr", listen, "tls", cert != "")
		if cert != "" {
			errc <- hs.ListenAndServeTLS(cert, key)
		} else {
			errc <- hs.ListenAndServe()
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return hs.Shutdown(sctx)
	}
}

// collectBlobs deletes unreferenced blobs past their grace period every interval until ctx
// ends. Several instances on one database may all run it: each pass is one transaction.
func collectBlobs(ctx context.Context, srv *server.Server, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if n, err := srv.CollectBlobs(ctx, time.Now()); err != nil {
				slog.Error("collect blobs", "err", err)
			} else if n > 0 {
				slog.Info("collected unreferenced blobs", "count", n)
			}
		}
	}
}
