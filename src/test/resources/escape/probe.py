"""Escape probe: run inside the sandbox, tries every way out it is given and reports each attempt.

Usage: probe.py '<json>'. The JSON names the workspace (a writable root under workspace-write), the outside
directory and its files, the listeners' addresses and the victim's pid. Each attempt prints one line
"CASE <name> <ok|denied> <detail>"; the test decides from the outside evidence whether anything got through, the
line only helps to read a failure. A case that cannot even be attempted prints "denied" with the reason.
"""
import ctypes
import errno
import json
import os
import socket
import sys

cfg = json.loads(sys.argv[1])
ws = cfg["workspace"]
out = cfg["outside"]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def report(name, fn):
    try:
        detail = fn()
        print("CASE %s ok %s" % (name, detail if detail is not None else ""), flush=True)
    except OSError as e:
        print("CASE %s denied %s" % (name, errno.errorcode.get(e.errno, str(e.errno)) if e.errno else e), flush=True)
    except Exception as e:  # noqa: BLE001 - any failure to get out is a denial, reported by type
        print("CASE %s denied %s: %s" % (name, type(e).__name__, e), flush=True)


def write(path, text="escaped\n"):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def check(ret):
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return ret


# --- file system -------------------------------------------------------------------------------------------
def symlink_dir():
    link = os.path.join(ws, "link-dir")
    os.symlink(out, link)
    write(os.path.join(link, "planted-symlink.txt"))


def symlink_file():
    link = os.path.join(ws, "link-file")
    os.symlink(cfg["victim"], link)
    write(link)


def hard_link():
    link = os.path.join(ws, "hard-link")
    os.link(cfg["victim"], link)
    write(link)


def dot_dot():
    write(os.path.join(ws, cfg["dotdot"], "planted-dotdot.txt"))


def proc_root():
    write("/proc/self/root" + out + "/planted-proc.txt")


def proc_cwd():
    write("/proc/self/cwd/" + cfg["dotdot"] + "/planted-proc-cwd.txt")


def rename_out():
    inside = os.path.join(ws, "move-me.txt")
    write(inside)
    os.rename(inside, os.path.join(out, "planted-rename.txt"))


def rename_in():
    os.rename(cfg["rename_victim"], os.path.join(ws, "stolen.txt"))


def unlink_outside():
    os.unlink(cfg["unlink_victim"])


def meta_chmod():
    os.chmod(cfg["meta"], 0o777)


def meta_chown():
    os.chown(cfg["meta"], cfg["chown_uid"], cfg["chown_gid"])


def meta_utime():
    os.utime(cfg["meta"], (0, 0))


def meta_setxattr():
    os.setxattr(cfg["meta"], "user.escaped", b"1")


def meta_removexattr():
    os.removexattr(cfg["meta"], "user.keep")


def protected(name):
    def attempt():
        write(os.path.join(ws, name, "x"))
    return attempt


def inside_write():
    write(os.path.join(ws, "inside.txt"), "inside\n")


# --- network -----------------------------------------------------------------------------------------------
def tcp(family, host):
    def attempt():
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            s.connect((host, cfg["tcp4" if family == socket.AF_INET else "tcp6"]))
            s.sendall(b"escaped")
    return attempt


def udp(family, host, how):
    def attempt():
        port = cfg["udp4" if family == socket.AF_INET else "udp6"]
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            if how == "sendto":
                s.sendto(b"escaped", (host, port))
            elif how == "sendmsg":
                s.sendmsg([b"escaped"], [], 0, (host, port))
            else:
                s.connect((host, port))
                s.send(b"escaped")
    return attempt


def unix_dgram(address, how):
    def attempt():
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            if how == "sendto":
                s.sendto(b"escaped", address)
            elif how == "sendmsg":
                s.sendmsg([b"escaped"], [], 0, address)
            else:
                s.connect(address)
                s.send(b"escaped")
    return attempt


def socket_pair():
    # data moves with write/read: send() is the sendto system call, which the network filter denies to every socket
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        a, b = socket.socketpair(socket.AF_UNIX, kind)
        with a, b:
            os.write(a.fileno(), b"pair")
            got = os.read(b.fileno(), 16)
        if got != b"pair":
            raise RuntimeError("socketpair delivered %r" % got)
    return "delivered"


# --- processes and privileges ------------------------------------------------------------------------------
PTRACE_ATTACH = 16
PTRACE_DETACH = 17


def kill_victim():
    os.kill(cfg["victim_pid"], 9)


def ptrace_victim():
    check(libc.ptrace(ctypes.c_long(PTRACE_ATTACH), ctypes.c_long(cfg["victim_pid"]), None, None))
    # attached: the evidence (a stopped, traced victim) would be gone once this probe exits, so say it loudly
    return "ATTACHED"


def in_child(fn):
    """Runs fn in a forked child (a namespace it creates must not change the probe); the child's errno comes back."""
    def attempt():
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                detail = fn() or "created"
                os.write(w, ("ok " + detail).encode())
            except OSError as e:
                os.write(w, ("err %d" % e.errno).encode())
            except BaseException as e:  # noqa: BLE001
                os.write(w, ("err %s" % e).encode())
            os._exit(0)
        os.close(w)
        answer = os.read(r, 200).decode()
        os.close(r)
        os.waitpid(pid, 0)
        if answer.startswith("ok "):
            return answer[3:]
        code = answer[4:]
        if code.isdigit():
            raise OSError(int(code), os.strerror(int(code)))
        raise RuntimeError(code)
    return attempt


CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def unshare(flags):
    def attempt():
        before = os.readlink("/proc/self/ns/" + {CLONE_NEWUSER: "user", CLONE_NEWNET: "net", CLONE_NEWNS: "mnt"}[flags])
        check(libc.unshare(ctypes.c_int(flags)))
        after = os.readlink("/proc/self/ns/" + {CLONE_NEWUSER: "user", CLONE_NEWNET: "net", CLONE_NEWNS: "mnt"}[flags])
        return "NAMESPACE %s -> %s" % (before, after)
    return attempt


SYS_BPF = 321  # x86_64
BPF_MAP_CREATE = 0


def bpf_map():
    attr = (ctypes.c_uint32 * 30)()
    attr[0] = 2  # BPF_MAP_TYPE_ARRAY
    attr[1] = 4  # key size
    attr[2] = 4  # value size
    attr[3] = 1  # max entries
    fd = check(libc.syscall(ctypes.c_long(SYS_BPF), ctypes.c_long(BPF_MAP_CREATE), attr, ctypes.c_long(ctypes.sizeof(attr))))
    os.close(fd)
    return "MAP fd %d" % fd


CASES = [
    ("inside-write", inside_write),
    ("symlink-dir", symlink_dir),
    ("symlink-file", symlink_file),
    ("hard-link", hard_link),
    ("dot-dot", dot_dot),
    ("proc-self-root", proc_root),
    ("proc-self-cwd", proc_cwd),
    ("rename-out", rename_out),
    ("rename-in", rename_in),
    ("unlink-outside", unlink_outside),
    ("chmod", meta_chmod),
    ("chown", meta_chown),
    ("utime", meta_utime),
    ("setxattr", meta_setxattr),
    ("removexattr", meta_removexattr),
    ("git-dir", protected(".git")),
    ("codex-dir", protected(".codex")),
    ("tcp4", tcp(socket.AF_INET, "127.0.0.1")),
    ("tcp6", tcp(socket.AF_INET6, "::1")),
    ("udp4-sendto", udp(socket.AF_INET, "127.0.0.1", "sendto")),
    ("udp4-sendmsg", udp(socket.AF_INET, "127.0.0.1", "sendmsg")),
    ("udp4-connect", udp(socket.AF_INET, "127.0.0.1", "connect")),
    ("udp6-sendto", udp(socket.AF_INET6, "::1", "sendto")),
    ("udp6-sendmsg", udp(socket.AF_INET6, "::1", "sendmsg")),
    ("unix-path-sendto", unix_dgram(cfg.get("unix_path", ""), "sendto")),
    ("unix-path-sendmsg", unix_dgram(cfg.get("unix_path", ""), "sendmsg")),
    ("unix-path-connect", unix_dgram(cfg.get("unix_path", ""), "connect")),
    ("unix-abstract-sendto", unix_dgram("\0" + cfg.get("unix_abstract", ""), "sendto")),
    ("unix-abstract-sendmsg", unix_dgram("\0" + cfg.get("unix_abstract", ""), "sendmsg")),
    ("unix-abstract-connect", unix_dgram("\0" + cfg.get("unix_abstract", ""), "connect")),
    ("socketpair", socket_pair),
    ("kill", kill_victim),
    ("ptrace", ptrace_victim),
    ("unshare-user", in_child(unshare(CLONE_NEWUSER))),
    ("unshare-net", in_child(unshare(CLONE_NEWNET))),
    ("unshare-mount", in_child(unshare(CLONE_NEWNS))),
    ("bpf", bpf_map),
]

only = set(cfg.get("only", []))
for name, fn in CASES:
    if not only or name in only:
        report(name, fn)
print("PROBE done", flush=True)
