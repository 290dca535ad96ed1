"""The outside end of the escape suite: listeners the sandboxed probe must not reach.

Usage: listener.py <unix socket path> <abstract name>. Binds TCP and UDP on 127.0.0.1 and ::1 (ephemeral ports) and
AF_UNIX datagram sockets at the path (mode 0666, so any user could send to it) and under the abstract name, prints
one JSON line with the ports, then records every connection and datagram until stdin closes, and prints one JSON line
with what arrived.
"""
import json
import os
import select
import socket
import sys

path, abstract = sys.argv[1], sys.argv[2]
socks = {}


def bind(name, family, kind, address):
    s = socket.socket(family, kind)
    s.bind(address)
    if kind == socket.SOCK_STREAM:
        s.listen(16)
    socks[name] = s
    return s


tcp4 = bind("tcp4", socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", 0))
udp4 = bind("udp4", socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", 0))
tcp6 = bind("tcp6", socket.AF_INET6, socket.SOCK_STREAM, ("::1", 0))
udp6 = bind("udp6", socket.AF_INET6, socket.SOCK_DGRAM, ("::1", 0))
bind("unix_path", socket.AF_UNIX, socket.SOCK_DGRAM, path)
os.chmod(path, 0o666)
bind("unix_abstract", socket.AF_UNIX, socket.SOCK_DGRAM, "\0" + abstract)
received = {name: [] for name in socks}
print(json.dumps({
    "tcp4": tcp4.getsockname()[1], "udp4": udp4.getsockname()[1],
    "tcp6": tcp6.getsockname()[1], "udp6": udp6.getsockname()[1],
}), flush=True)

by_fd = {s.fileno(): name for name, s in socks.items()}
open_conns = {}
while True:
    ready, _, _ = select.select([sys.stdin.fileno(), *by_fd, *open_conns], [], [], 30)
    if not ready:
        continue
    for fd in ready:
        if fd == sys.stdin.fileno():
            if not os.read(fd, 4096):
                print(json.dumps(received), flush=True)
                sys.exit(0)
        elif fd in open_conns:
            conn, name = open_conns[fd]
            data = conn.recv(4096)
            if data:
                received[name].append(data.decode(errors="replace"))
            else:
                conn.close()
                del open_conns[fd]
        else:
            name = by_fd[fd]
            s = socks[name]
            if s.type == socket.SOCK_STREAM:
                conn, peer = s.accept()
                received[name].append("connection from %s" % (peer,))
                open_conns[conn.fileno()] = (conn, name)
            else:
                data = s.recv(4096)
                received[name].append(data.decode(errors="replace"))
