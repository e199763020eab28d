// Package chserver runs a clickhouse-server as a supervised child process
// with its configuration and data under one directory, so the pipeline and
// its tests get a real ClickHouse with no setup beyond the Debian package.
//
// Its one job is the process: config files, ports, start, readiness, stop.
// It must not depend on a ClickHouse client library (readiness speaks the
// native Hello itself) nor on the rest of skillpulse.
//
// A server left running by a crashed owner on the same Dir is stopped and a
// fresh one started (it would otherwise hold the data directory's lock); a
// server whose owner is still alive is left alone and Start fails, naming
// it. Restarting on the same Dir keeps all data. Unix only.
package chserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// StateFileName is the file under Dir where a running server records its
// process ids and ports, so other commands using the same data directory
// can find it (see ReadState) and a later Start can stop an orphan.
const StateFileName = "clickhouse-server.json"

// ErrBinaryNotFound is returned by Start when no clickhouse-server binary is
// installed, so callers can tell a missing dependency from a failed start.
var ErrBinaryNotFound = errors.New("clickhouse-server binary not found: install it (on Debian: apt-get install clickhouse-server) or set SKILLPULSE_CLICKHOUSE_DSN to an existing server")

// ErrAlreadyRunning is returned by Start when a live process already runs a
// server on the same Dir: two servers cannot share one data directory.
var ErrAlreadyRunning = errors.New("a clickhouse-server owned by a live process already runs on this directory")

// Config says where and how to run the server.
type Config struct {
	// Dir holds config.xml, users.xml, data, tmp, user_files,
	// format_schemas, logs and the state file. Required; created if missing.
	Dir string
	// Binary is the server executable. Default: "clickhouse-server" looked up
	// on PATH, then /usr/sbin/clickhouse-server, then /usr/bin/clickhouse-server.
	Binary string
	// TCPPort is the native protocol port on 127.0.0.1. Default (0): a free port.
	TCPPort int
	// HTTPPort is the HTTP port on 127.0.0.1. Default (0): a free port.
	HTTPPort int
	// StartTimeout bounds the wait for the native port to answer. Default
	// (0): 60s.
	StartTimeout time.Duration
	// Logger receives start and stop events. Default (nil): discarded.
	Logger *slog.Logger
}

// State is what a running server records in Dir/StateFileName.
type State struct {
	// PID is the clickhouse-server process.
	PID int `json:"pid"`
	// OwnerPID is the process that started and supervises it.
	OwnerPID  int       `json:"owner_pid"`
	TCPPort   int       `json:"tcp_port"`
	HTTPPort  int       `json:"http_port"`
	StartedAt time.Time `json:"started_at"`
}

// Addr is the native protocol address of the recorded server.
func (s State) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.TCPPort)) }

// ReadState returns the state recorded by a server running on dir, so that
// a second command on the same data directory can connect to it instead of
// starting its own. It fails if none is recorded or its process is gone.
func ReadState(dir string) (State, error) {
	path := filepath.Join(dir, StateFileName)
	b, err := os.ReadFile(path)
	if err != nil {
		return State{}, fmt.Errorf("read clickhouse-server state: %w", err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return State{}, fmt.Errorf("parse %s: %w", path, err)
	}
	if !alive(st.PID) {
		return State{}, fmt.Errorf("clickhouse-server pid %d recorded in %s is not running", st.PID, path)
	}
	return st, nil
}

// Server is a running clickhouse-server child process.
type Server struct {
	cmd      *exec.Cmd
	layout   layout
	log      *slog.Logger
	stopping atomic.Bool
	exited   chan struct{} // closed once the process has exited
	crashed  chan error    // gets the exit error if it exits before Stop; closed on exit
	stopOnce sync.Once
	stopErr  error
}

// Start writes the server's configuration under cfg.Dir, starts it and
// returns once its native port answers, or fails with the tail of its error
// log. See the package comment for what happens to a leftover server.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Dir == "" {
		return nil, errors.New("start clickhouse-server: Config.Dir is empty")
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("start clickhouse-server: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	timeout := cfg.StartTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	bin, err := findBinary(cfg.Binary)
	if err != nil {
		return nil, err
	}
	l := newLayout(dir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("start clickhouse-server: create %s: %w", dir, err)
	}
	if err := stopLeftover(ctx, l, log); err != nil {
		return nil, err
	}
	// A port picked free may be taken before the server binds it; with
	// picked ports a failed start is retried on new ones.
	attempts := 1
	if cfg.TCPPort == 0 || cfg.HTTPPort == 0 {
		attempts = 3
	}
	for i := 1; ; i++ {
		s, err := startOnce(ctx, cfg, bin, l, log, timeout)
		if err == nil || i == attempts || ctx.Err() != nil || errors.Is(err, errNotReady) {
			return s, err
		}
		log.Warn("clickhouse-server did not start, retrying on other ports", "attempt", i, "err", err)
	}
}

// errNotReady marks a server that ran but never answered: retrying on other
// ports would not help.
var errNotReady = errors.New("native port did not answer")

func startOnce(ctx context.Context, cfg Config, bin string, l layout, log *slog.Logger, timeout time.Duration) (*Server, error) {
	var err error
	l.TCPPort, l.HTTPPort = cfg.TCPPort, cfg.HTTPPort
	if l.TCPPort == 0 {
		if l.TCPPort, err = freePort(); err != nil {
			return nil, err
		}
	}
	if l.HTTPPort == 0 {
		if l.HTTPPort, err = freePort(); err != nil {
			return nil, err
		}
	}
	if err := l.write(); err != nil {
		return nil, fmt.Errorf("start clickhouse-server: %w", err)
	}
	out, err := os.OpenFile(filepath.Join(l.Logs, "stdout.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("start clickhouse-server: open log: %w", err)
	}
	cmd := exec.Command(bin, "--config-file="+l.ConfigXML)
	cmd.Dir = l.Dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = sysProcAttr()
	began := time.Now()
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("start clickhouse-server %s: %w", bin, err)
	}
	s := &Server{cmd: cmd, layout: l, log: log, exited: make(chan struct{}), crashed: make(chan error, 1)}
	go s.watch(out)

	if err := s.waitReady(ctx, timeout); err != nil {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Stop(stopCtx) // the readiness error is the one to report
		return nil, fmt.Errorf("start clickhouse-server on %s: %w\n%s", s.Addr(), err, s.logTail())
	}
	st := State{PID: cmd.Process.Pid, OwnerPID: os.Getpid(), TCPPort: l.TCPPort, HTTPPort: l.HTTPPort, StartedAt: began.UTC()}
	if err := writeState(l.StateFile, st); err != nil {
		_ = s.Stop(context.Background())
		return nil, err
	}
	log.Info("clickhouse-server ready", "addr", s.Addr(), "dir", l.Dir, "pid", st.PID, "startup", time.Since(began).Round(time.Millisecond))
	return s, nil
}

// watch reaps the process and reports an exit nobody asked for.
func (s *Server) watch(out io.Closer) {
	err := s.cmd.Wait()
	out.Close()
	if !s.stopping.Load() {
		if err == nil {
			err = errors.New("exit status 0")
		}
		err = fmt.Errorf("clickhouse-server on %s exited unexpectedly: %w", s.Addr(), err)
		s.log.Error("clickhouse-server exited", "err", err)
		s.crashed <- err
	}
	close(s.crashed)
	close(s.exited)
}

func (s *Server) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("server exited during startup: %v", s.cmd.ProcessState)
		default:
		}
		if last = probeNative(ctx, s.Addr()); last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w within %s: %v", errNotReady, timeout, last)
		case <-s.exited:
		case <-tick.C:
		}
	}
}

// Addr is the native protocol address, 127.0.0.1:port.
func (s *Server) Addr() string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.layout.TCPPort))
}

// DSN is the address of database on this server in the form the ClickHouse
// adapter and SKILLPULSE_CLICKHOUSE_DSN take.
func (s *Server) DSN(database string) string {
	return "clickhouse://default@" + s.Addr() + "/" + database
}

// Dir is the server's directory, as an absolute path.
func (s *Server) Dir() string { return s.layout.Dir }

// Wait delivers an error if the server exits without Stop being called, so
// a supervisor can fail or restart; the channel is closed once the process
// has exited, so a receive after Stop yields nil.
func (s *Server) Wait() <-chan error { return s.crashed }

// Stop asks the server to shut down (SIGTERM, letting it flush its parts)
// and waits; when ctx ends first it kills the process group. Calling it
// again returns the first result.
func (s *Server) Stop(ctx context.Context) error {
	s.stopOnce.Do(func() { s.stopErr = s.stop(ctx) })
	return s.stopErr
}

func (s *Server) stop(ctx context.Context) error {
	s.stopping.Store(true)
	pid := s.cmd.Process.Pid
	defer os.Remove(s.layout.StateFile)
	select {
	case <-s.exited:
		return nil
	default:
	}
	if err := syscall.Kill(-pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("stop clickhouse-server pid %d: %w", pid, err)
	}
	select {
	case <-s.exited:
		s.log.Info("clickhouse-server stopped", "addr", s.Addr())
		return nil
	case <-ctx.Done():
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL) // ESRCH only means it just exited
	<-s.exited
	return fmt.Errorf("stop clickhouse-server pid %d: killed after %w", pid, ctx.Err())
}

// logTail returns the end of the server's error log and stdout, the lines
// that say why it failed.
func (s *Server) logTail() string {
	var b bytes.Buffer
	for _, name := range []string{"clickhouse-server.err.log", "stdout.log"} {
		path := filepath.Join(s.layout.Logs, name)
		tail := readTail(path, 4096)
		if len(bytes.TrimSpace(tail)) == 0 {
			continue
		}
		fmt.Fprintf(&b, "--- tail of %s ---\n%s\n", path, bytes.TrimSpace(tail))
	}
	if b.Len() == 0 {
		return "(the server's logs are empty)"
	}
	return b.String()
}

func readTail(path string, n int64) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil
	}
	off := max(info.Size()-n, 0)
	b, _ := io.ReadAll(io.NewSectionReader(f, off, info.Size()-off))
	return b
}

func findBinary(bin string) (string, error) {
	if bin != "" {
		p, err := exec.LookPath(bin)
		if err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrBinaryNotFound, bin, err)
		}
		return p, nil
	}
	if p, err := exec.LookPath("clickhouse-server"); err == nil {
		return p, nil
	}
	for _, p := range []string{"/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"} {
		if info, err := os.Stat(p); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", ErrBinaryNotFound
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func writeState(path string, st State) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode clickhouse-server state: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o640); err != nil {
		return fmt.Errorf("write clickhouse-server state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write clickhouse-server state: %w", err)
	}
	return nil
}

// alive reports whether a process with this pid exists.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// stopLeftover handles a server recorded in the state file: if its owner is
// alive it is in use and Start fails; if the owner died, the orphan is
// stopped so this Start can take the directory over.
func stopLeftover(ctx context.Context, l layout, log *slog.Logger) error {
	b, err := os.ReadFile(l.StateFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("start clickhouse-server: read state: %w", err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil || !alive(st.PID) || !runsConfig(st.PID, l.ConfigXML) {
		return os.Remove(l.StateFile) // stale: nothing to stop
	}
	if st.OwnerPID != os.Getpid() && alive(st.OwnerPID) {
		return fmt.Errorf("start clickhouse-server in %s: %w (pid %d, owner pid %d, %s)", l.Dir, ErrAlreadyRunning, st.PID, st.OwnerPID, st.Addr())
	}
	log.Warn("stopping a clickhouse-server left running by a previous run", "pid", st.PID, "dir", l.Dir)
	_ = syscall.Kill(st.PID, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for alive(st.PID) {
		select {
		case <-ctx.Done():
			_ = syscall.Kill(st.PID, syscall.SIGKILL)
			time.Sleep(500 * time.Millisecond)
			if alive(st.PID) {
				return fmt.Errorf("start clickhouse-server: leftover pid %d in %s does not die", st.PID, l.Dir)
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
	return os.Remove(l.StateFile)
}

// runsConfig reports whether pid's command line names configXML, so a
// recycled pid of an unrelated process is never signalled. Where /proc is
// missing it trusts the state file.
func runsConfig(pid int, configXML string) bool {
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) || !dirExists("/proc")
	}
	return bytes.Contains(cmdline, []byte(configXML))
}

func dirExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}
