package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic BPF program the helper installs before it executes the command. It has two parts:
 *
 * <ul>
 *   <li><b>containment</b>, for every policy that restricts the file system: no new namespaces ({@code unshare},
 *       {@code clone} and {@code clone3} with a {@code CLONE_NEW*} flag, {@code setns}), no BPF, no tracing or
 *       reading other processes' memory ({@code ptrace}, {@code process_vm_*}), no io_uring (it reaches sockets
 *       without the socket calls), no mounts and no kernel keyrings; sockets of the VM-host family ({@code AF_VSOCK})
 *       are refused as well;
 *   <li><b>network</b>, when the policy denies network access: the socket calls Codex filters, plus {@code sendmsg}
 *       (which, like {@code sendto}, can carry a destination address), fail with {@code EPERM}; {@code socket} and
 *       {@code socketpair} only for {@code AF_UNIX}, so a pair of connected local sockets keeps working.
 * </ul>
 *
 * {@code clone3} passes its flags in memory a filter cannot read, so it fails with {@code ENOSYS} and the C library
 * falls back to {@code clone}, whose flags are checked. A system call made with a foreign calling convention (32-bit
 * on x86_64, which could reach the socket calls through {@code socketcall}) kills the process, and x32 calls fail with
 * {@code EPERM}.
 */
final class SeccompFilter {
    /** One {@code struct sock_filter}. */
    record Instruction(int code, int jt, int jf, int k) {}

    static final int LD_W_ABS = 0x20;
    static final int JEQ_K = 0x15;
    static final int JGE_K = 0x35;
    static final int JSET_K = 0x45;
    static final int RET_K = 0x06;

    static final int RET_ALLOW = 0x7fff0000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int EPERM = 1;
    static final int ENOSYS = 38;
    static final int AF_UNIX = 1;
    static final int AF_VSOCK = 40;
    static final int X32_SYSCALL_BIT = 0x40000000;

    /**
     * Every {@code CLONE_NEW*} flag: {@code NEWTIME}, {@code NEWNS}, {@code NEWCGROUP}, {@code NEWUTS}, {@code NEWIPC},
     * {@code NEWUSER}, {@code NEWPID}, {@code NEWNET}.
     */
    static final int CLONE_NEW_FLAGS =
            0x00000080 | 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    /** Offsets in {@code struct seccomp_data}: nr, arch, then (after the instruction pointer) args[0..5]. */
    static final int OFFSET_NR = 0;

    static final int OFFSET_ARCH = 4;
    /** The low 32 bits of args[0] on a little-endian machine: a socket domain or clone flags, as a 32-bit int. */
    static final int OFFSET_ARG0_LOW = 16;

    private static final int SECCOMP_SET_MODE_FILTER = 1;

    private SeccompFilter() {}

    /** System calls the containment part denies whatever their arguments. */
    static int[] containmentDenied(Arch arch) {
        Arch.Containment c = arch.contain();
        int[] fixed = {
            arch.net().ptrace(),
            c.processVmReadv(),
            c.processVmWritev(),
            c.setns(),
            c.bpf(),
            arch.proc().mount(),
            c.umount2(),
            c.pivotRoot(),
            c.chroot(),
            c.keyctl(),
            c.addKey(),
            c.requestKey(),
            Arch.IO_URING_SETUP,
            Arch.IO_URING_ENTER,
            Arch.IO_URING_REGISTER
        };
        int[] all = new int[fixed.length + Arch.NEW_MOUNT_API.length];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(Arch.NEW_MOUNT_API, 0, all, fixed.length, Arch.NEW_MOUNT_API.length);
        return all;
    }

    /** System calls the network part denies whatever their arguments. */
    static int[] networkDenied(Arch arch) {
        Arch.Network n = arch.net();
        return new int[] {
            n.connect(),
            n.accept(),
            n.accept4(),
            n.bind(),
            n.listen(),
            n.getpeername(),
            n.getsockname(),
            n.shutdown(),
            n.sendto(),
            n.sendmsg(),
            n.sendmmsg(),
            n.recvmmsg(),
            n.getsockopt(),
            n.setsockopt()
        };
    }

    /** The filter program for {@code arch}, with the network part when {@code denyNetwork}. */
    static List<Instruction> program(Arch arch, boolean denyNetwork) {
        int[] fixed = containmentDenied(arch);
        int[] network = denyNetwork ? networkDenied(arch) : new int[0];
        boolean x32 = arch.x32();
        // layout: ld arch, jeq arch, ld nr, (jge x32), jeq clone, jeq unshare, jeq clone3, fixed..., network...,
        // jeq socket, jeq socketpair, ret allow, [FLAGS] ld arg0, jset ns flags, ret allow, [DOMAIN] ld arg0,
        // jeq domain, ret allow, [ENOSYS] ret, [EPERM] ret, [KILL] ret (classic BPF jumps only forward)
        int firstCheck = x32 ? 4 : 3;
        int fixedStart = firstCheck + 3;
        int socketCheck = fixedStart + fixed.length + network.length;
        int allow = socketCheck + 2;
        int loadFlags = allow + 1;
        int loadDomain = loadFlags + 3;
        int enosys = loadDomain + 3;
        int eperm = enosys + 1;
        int kill = eperm + 1;

        List<Instruction> program = new ArrayList<>(kill + 1);
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARCH));
        program.add(new Instruction(JEQ_K, 0, jump(1, kill), arch.auditArch()));
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_NR));
        if (x32) {
            program.add(new Instruction(JGE_K, jump(3, eperm), 0, X32_SYSCALL_BIT));
        }
        program.add(new Instruction(
                JEQ_K, jump(firstCheck, loadFlags), 0, arch.contain().cloneCall()));
        program.add(new Instruction(
                JEQ_K, jump(firstCheck + 1, loadFlags), 0, arch.proc().unshare()));
        program.add(new Instruction(JEQ_K, jump(firstCheck + 2, enosys), 0, Arch.CLONE3));
        int at = fixedStart;
        for (int nr : fixed) {
            program.add(new Instruction(JEQ_K, jump(at++, eperm), 0, nr));
        }
        for (int nr : network) {
            program.add(new Instruction(JEQ_K, jump(at++, eperm), 0, nr));
        }
        program.add(new Instruction(
                JEQ_K, jump(socketCheck, loadDomain), 0, arch.net().socket()));
        program.add(new Instruction(
                JEQ_K, jump(socketCheck + 1, loadDomain), 0, arch.net().socketpair()));
        program.add(new Instruction(RET_K, 0, 0, RET_ALLOW));
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        program.add(new Instruction(JSET_K, jump(loadFlags + 1, eperm), 0, CLONE_NEW_FLAGS));
        program.add(new Instruction(RET_K, 0, 0, RET_ALLOW));
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        if (denyNetwork) {
            // only AF_UNIX: anything else is a network (or VM-host) socket
            program.add(new Instruction(JEQ_K, 0, jump(loadDomain + 1, eperm), AF_UNIX));
        } else {
            program.add(new Instruction(JEQ_K, jump(loadDomain + 1, eperm), 0, AF_VSOCK));
        }
        program.add(new Instruction(RET_K, 0, 0, RET_ALLOW));
        program.add(new Instruction(RET_K, 0, 0, RET_ERRNO | ENOSYS));
        program.add(new Instruction(RET_K, 0, 0, RET_ERRNO | EPERM));
        program.add(new Instruction(RET_K, 0, 0, RET_KILL_PROCESS));
        return program;
    }

    /** A BPF jump offset: relative to the instruction after {@code from}; jumps only go forward. */
    private static int jump(int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 255) {
            throw new IllegalStateException("seccomp jump out of range");
        }
        return offset;
    }

    /** The program as a {@code struct sock_fprog} in {@code sys}'s arena, ready for {@link #install}. */
    static MemorySegment compile(Syscalls sys, List<Instruction> program) {
        MemorySegment filter = sys.arena.allocate(8L * program.size(), 8);
        for (int i = 0; i < program.size(); i++) {
            Instruction insn = program.get(i);
            long base = 8L * i;
            filter.set(ValueLayout.JAVA_SHORT, base, (short) insn.code());
            filter.set(ValueLayout.JAVA_BYTE, base + 2, (byte) insn.jt());
            filter.set(ValueLayout.JAVA_BYTE, base + 3, (byte) insn.jf());
            filter.set(ValueLayout.JAVA_INT, base + 4, insn.k());
        }
        // struct sock_fprog: unsigned short len, (padding), struct sock_filter *filter
        MemorySegment fprog = sys.arena.allocate(16, 8);
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.size());
        fprog.set(ValueLayout.JAVA_LONG, 8, filter.address());
        return fprog;
    }

    /**
     * Installs a compiled program on the calling thread; {@code no_new_privs} must already be set. Allocates nothing,
     * so it may run in a forked child.
     *
     * @return 0, or the errno of the failure
     */
    static int install(Syscalls sys, MemorySegment fprog) {
        return sys.call(sys.arch.nr().seccomp(), SECCOMP_SET_MODE_FILTER, 0, fprog.address()) < 0 ? sys.errno() : 0;
    }

    /** Compiles and installs {@code program} on the calling thread, for tests and probes. */
    static void install(Syscalls sys, List<Instruction> program) {
        int errno = install(sys, compile(sys, program));
        if (errno != 0) {
            throw new CodexException(ExitCode.SANDBOX_UNAVAILABLE, "seccomp setup error: " + Errno.describe(errno));
        }
    }
}
