package main

import "net"

// helloCounter counts the ClientHellos a client sends (two after a
// HelloRetryRequest): Go 1.19's ConnectionState does not say whether the
// handshake had one. It reads the plaintext records that come in before the
// first encrypted one; rtls starts each ClientHello in a record of its own,
// so a handshake record whose first byte is 1 (client_hello) is one.
type helloCounter struct {
	net.Conn
	pending []byte // unparsed bytes of the plaintext phase
	hellos  int
	bytes   int  // read in all
	done    bool // an application_data record came: the rest is encrypted
}

const (
	recordHandshake       = 22
	recordApplicationData = 23
	handshakeClientHello  = 1
	recordHeaderLen       = 5
)

func (c *helloCounter) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.bytes += n
	if !c.done {
		c.pending = append(c.pending, p[:n]...)
		c.scan()
	}
	return n, err
}

func (c *helloCounter) scan() {
	for len(c.pending) >= recordHeaderLen {
		length := int(c.pending[3])<<8 | int(c.pending[4])
		if len(c.pending) < recordHeaderLen+length {
			return
		}
		switch c.pending[0] {
		case recordApplicationData:
			c.done, c.pending = true, nil
			return
		case recordHandshake:
			if length > 0 && c.pending[recordHeaderLen] == handshakeClientHello {
				c.hellos++
			}
		}
		c.pending = c.pending[recordHeaderLen+length:]
	}
}
