package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic BPF program that takes the network away: the socket calls Codex filters fail with {@code EPERM},
 * {@code socket}/{@code socketpair} only for a domain other than {@code AF_UNIX}; everything else is allowed. A
 * system call made with a foreign calling convention (32-bit on x86_64, which could reach the socket calls through
 * {@code socketcall}) kills the process, and x32 calls fail with {@code EPERM}.
 */
final class SeccompFilter {
    /** One {@code struct sock_filter}. */
    record Instruction(int code, int jt, int jf, int k) {}

    static final int LD_W_ABS = 0x20;
    static final int JEQ_K = 0x15;
    static final int JGE_K = 0x35;
    static final int RET_K = 0x06;

    static final int RET_ALLOW = 0x7fff0000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int EPERM = 1;
    static final int AF_UNIX = 1;
    static final int X32_SYSCALL_BIT = 0x40000000;

    /** Offsets in {@code struct seccomp_data}: nr, arch, then (after the instruction pointer) args[0..5]. */
    static final int OFFSET_NR = 0;

    static final int OFFSET_ARCH = 4;
    /** The low 32 bits of args[0] on a little-endian machine: the socket domain, compared as a 32-bit int. */
    static final int OFFSET_ARG0_LOW = 16;

    private static final int SECCOMP_SET_MODE_FILTER = 1;

    private SeccompFilter() {}

    /** System calls denied whatever their arguments. */
    static int[] deniedSyscalls(Arch arch) {
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
            n.sendmmsg(),
            n.recvmmsg(),
            n.getsockopt(),
            n.setsockopt(),
            n.ptrace(),
            Arch.IO_URING_SETUP,
            Arch.IO_URING_ENTER,
            Arch.IO_URING_REGISTER
        };
    }

    /** The filter program for {@code arch}. */
    static List<Instruction> program(Arch arch) {
        int[] denied = deniedSyscalls(arch);
        boolean x32 = arch.x32();
        // layout: [0] ld arch, [1] jeq arch, [2] ld nr, ([3] jge x32), denied..., socket, socketpair, ret allow,
        // ld arg0, jeq AF_UNIX, ret allow, ret errno, ret kill
        int firstCheck = x32 ? 4 : 3;
        int socketCheck = firstCheck + denied.length;
        int allow = socketCheck + 2;
        int loadDomain = allow + 1;
        int allowUnix = loadDomain + 2;
        int errno = allowUnix + 1;
        int kill = errno + 1;

        List<Instruction> program = new ArrayList<>(kill + 1);
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARCH));
        program.add(new Instruction(JEQ_K, 0, jump(1, kill), arch.auditArch()));
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_NR));
        if (x32) {
            program.add(new Instruction(JGE_K, jump(3, errno), 0, X32_SYSCALL_BIT));
        }
        for (int i = 0; i < denied.length; i++) {
            program.add(new Instruction(JEQ_K, jump(firstCheck + i, errno), 0, denied[i]));
        }
        program.add(new Instruction(
                JEQ_K, jump(socketCheck, loadDomain), 0, arch.net().socket()));
        program.add(new Instruction(
                JEQ_K, jump(socketCheck + 1, loadDomain), 0, arch.net().socketpair()));
        program.add(new Instruction(RET_K, 0, 0, RET_ALLOW));
        program.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        program.add(new Instruction(JEQ_K, jump(loadDomain + 1, allowUnix), jump(loadDomain + 1, errno), AF_UNIX));
        program.add(new Instruction(RET_K, 0, 0, RET_ALLOW));
        program.add(new Instruction(RET_K, 0, 0, RET_ERRNO | EPERM));
        program.add(new Instruction(RET_K, 0, 0, RET_KILL_PROCESS));
        return program;
    }

    /** A BPF jump offset: relative to the instruction after {@code from}. */
    private static int jump(int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 255) {
            throw new IllegalStateException("seccomp jump out of range");
        }
        return offset;
    }

    /**
     * Installs the filter on the calling thread; {@code no_new_privs} must already be set.
     *
     * @throws CodexException exit code {@link ExitCode#SANDBOX_UNAVAILABLE} when the kernel refuses it
     */
    static void install(Syscalls sys) {
        install(sys, program(sys.arch));
    }

    /** Installs {@code program} on the calling thread. */
    static void install(Syscalls sys, List<Instruction> program) {
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
        if (sys.call(sys.arch.nr().seccomp(), SECCOMP_SET_MODE_FILTER, 0, fprog.address()) < 0) {
            throw new CodexException(
                    ExitCode.SANDBOX_UNAVAILABLE, "seccomp setup error: " + Errno.describe(sys.errno()));
        }
    }
}
