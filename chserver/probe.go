package chserver

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"
)

// Native protocol packet types used by the readiness probe.
const (
	clientHello     = 0
	serverHello     = 0
	serverException = 2
	// probeRevision is an old protocol revision every server release accepts;
	// it keeps the server's Hello free of the fields later revisions added.
	probeRevision = 54213
)

// probeNative opens a TCP connection to addr and exchanges the native
// protocol Hello: a server that answers Hello accepts queries. It speaks the
// handshake itself so this package needs no ClickHouse client library.
func probeNative(ctx context.Context, addr string) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.Now().Add(2 * time.Second)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	var pkt []byte
	pkt = binary.AppendUvarint(pkt, clientHello)
	pkt = appendString(pkt, "skillpulse-chserver")
	pkt = binary.AppendUvarint(pkt, 1) // client major version
	pkt = binary.AppendUvarint(pkt, 0) // client minor version
	pkt = binary.AppendUvarint(pkt, probeRevision)
	pkt = appendString(pkt, "")        // database: the server's default
	pkt = appendString(pkt, "default") // user
	pkt = appendString(pkt, "")        // password
	if _, err := conn.Write(pkt); err != nil {
		return fmt.Errorf("send hello: %w", err)
	}
	r := bufio.NewReader(conn)
	typ, err := binary.ReadUvarint(r)
	if err != nil {
		return fmt.Errorf("read hello: %w", err)
	}
	switch typ {
	case serverHello:
		return nil
	case serverException:
		return errors.New("server answered hello with an exception (is the default user allowed from 127.0.0.1?)")
	default:
		return fmt.Errorf("unexpected packet %d in answer to hello", typ)
	}
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
