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
It listens on the loopback interface by default. Another address needs
--auth (or $CMRT_SERVE_AUTH): "user:password", or a token used as the
password with any user name; every request must then carry it (HTTP Basic
authentication, compared in constant time). Actions in the browser are the
command line's: import, findings set, smelters map, smelters refresh.
Ctrl-C stops it after the running import or change has finished.

Example:
   cmrt serve
   cmrt --db /shares/compliance/cmrt.db serve --listen 127.0.0.1:9000 --rules my-rules.yaml
   cmrt serve --company company.yaml     # the Reports page's disclosure filled with the company's text
   CMRT_SERVE_AUTH=anna:s3cret cmrt serve --listen 10.0.0.5:8080   # for colleagues on the network`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "`HOST:PORT` to listen on (port 0: any free port)"},
			&cli.StringFlag{Name: "auth", EnvVars: []string{"CMRT_SERVE_AUTH"}, Usage: "`USER:PASSWORD` or a token every request must carry (HTTP Basic); required off loopback"},
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
	auth := c.String("auth")
	if !loopback(host) && auth == "" {
		return cli.Exit(fmt.Sprintf("--listen %s is not a loopback address: anyone who can reach it could read and change "+
			"the database, so it needs --auth USER:PASSWORD (or a token; or $CMRT_SERVE_AUTH)", addr), exitUsage)
	}
	if auth != "" && len(auth) < 8 {
		return cli.Exit("--auth: at least 8 characters", exitUsage)
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
	logger := log.New(c.App.ErrWriter, "cmrt serve: ", log.LstdFlags)
	srv, err := web.New(web.Options{Store: st, Rules: cfg, Company: co, Auth: auth, User: user, Log: logger})
	if err != nil {
		return cli.Exit(err.Error(), exitInternal)
	}
	defer srv.Close() // before the store: it holds a connection of it
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
	prepared := make(chan struct{})
	go func() {
		defer close(prepared)
		start := time.Now()
		if p, err := srv.Prepare(ctx); err != nil {
			logger.Printf("preparing the newest period: %v", err)
		} else if p != 0 {
			logger.Printf("period %d ready (%.1f s)", p, time.Since(start).Seconds())
		}
	}()
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
	<-prepared // the view being built may be computing findings: let it commit
	srv.WaitIdle()
	fmt.Fprintln(c.App.ErrWriter, "cmrt serve: stopped")
	return nil
}
