package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/openminerals/cmrt/web"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "a local web dashboard over the database (overview, suppliers, smelters, findings, import, lists)",
		Description: `Serves the dashboard on --listen and prints its URL; it opens nothing else.
It listens on the loopback interface only: another address needs
--allow-remote, and then anyone who can reach the port can read and change
the database (there is no login yet). Actions in the browser are the
command line's: import, findings set, smelters map, smelters refresh.
Ctrl-C stops it after the running import or change has finished.

Example:
   cmrt serve
   cmrt --db /shares/compliance/cmrt.db serve --listen 127.0.0.1:9000 --rules my-rules.yaml
   cmrt serve --company company.yaml     # the Reports page's disclosure filled with the company's text`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "`HOST:PORT` to listen on (port 0: any free port)"},
			&cli.BoolFlag{Name: "allow-remote", Usage: "allow a --listen address other than loopback (no authentication: trusted networks only)"},
			&cli.StringFlag{Name: "user", Usage: "`NAME` recorded for status changes when the form names nobody (default $USER)"},
			rulesFlag(),
			&cli.StringFlag{Name: "company", Usage: "company `FILE` (YAML) for the reports' text (testdata/company.yaml is an example)"},
		},
		Action: runServe,
	}
}

// loopback reports whether host is a loopback address or "localhost".
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runServe(c *cli.Context) error {
	if c.NArg() > 0 {
		return cli.Exit("serve takes no arguments (see cmrt serve --help)", exitUsage)
	}
	addr := c.String("listen")
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return cli.Exit(fmt.Sprintf("--listen %q: want HOST:PORT such as 127.0.0.1:8080", addr), exitUsage)
	}
	if !loopback(host) {
		if !c.Bool("allow-remote") {
			return cli.Exit(fmt.Sprintf("--listen %s is not a loopback address: the dashboard has no login, so anyone who "+
				"can reach it could read and change the database; add --allow-remote to do it anyway", addr), exitUsage)
		}
		printf(c.App.ErrWriter, "cmrt: warning: listening on %s without authentication: anyone who can reach it can read and change %s\n", addr, dbPath(c))
	}
	cfg, err := loadRules(c)
	if err != nil {
		return err
	}
	co, err := loadCompany(c)
	if err != nil {
		return err
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	user := c.String("user")
	if user == "" {
		user = os.Getenv("USER")
	}
	srv, err := web.New(web.Options{Store: st, Rules: cfg, Company: co, User: user, Log: log.New(c.App.ErrWriter, "cmrt serve: ", log.LstdFlags)})
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return cli.Exit(fmt.Sprintf("--listen %s: %v", addr, err), exitUsage)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	printf(c.App.Writer, "cmrt dashboard on http://%s/ (database %s); Ctrl-C to stop\n", ln.Addr(), st.Path())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return cli.Exit(fmt.Sprintf("serve: %v", err), exitInternal)
	case <-ctx.Done():
	}
	// Shutdown lets running requests finish (an import commits or rolls
	// back its file's transaction), then WaitIdle covers a write still
	// holding the lock.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return cli.Exit(fmt.Sprintf("serve: shutdown: %v", err), exitInternal)
	}
	srv.WaitIdle()
	fmt.Fprintln(c.App.ErrWriter, "cmrt serve: stopped")
	return nil
}
