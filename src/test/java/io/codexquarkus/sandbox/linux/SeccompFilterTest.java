package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BPF program as data: a small classic-BPF interpreter runs it against {@code seccomp_data} for both
 * architectures, so every syscall number and jump is checked without installing anything.
 */
class SeccompFilterTest {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;
    private static final int AF_VSOCK = 40;
    private static final int EPERM_ACTION = SeccompFilter.RET_ERRNO | 1;
    private static final int ENOSYS_ACTION = SeccompFilter.RET_ERRNO | 38;
    private static final int CLONE_NEWUSER = 0x10000000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int CLONE_NEWNS = 0x00020000;
    /** What fork() and pthread_create() pass: no namespace flag. */
    private static final int THREAD_FLAGS = 0x003d0f00;

    private static final List<Arch> BOTH = List.of(Arch.X86_64, Arch.AARCH64);

    /** Runs {@code program} on a {@code seccomp_data} with these fields (little-endian, as on both targets). */
    static int evaluate(List<SeccompFilter.Instruction> program, int arch, int nr, long arg0) {
        int accumulator = 0;
        int pc = 0;
        for (int steps = 0; steps < 1000; steps++) {
            SeccompFilter.Instruction insn = program.get(pc);
            switch (insn.code()) {
                case SeccompFilter.LD_W_ABS -> {
                    accumulator = switch (insn.k()) {
                        case SeccompFilter.OFFSET_NR -> nr;
                        case SeccompFilter.OFFSET_ARCH -> arch;
                        case SeccompFilter.OFFSET_ARG0_LOW -> (int) arg0;
                        default -> throw new AssertionError("unexpected load offset " + insn.k());
                    };
                    pc++;
                }
                case SeccompFilter.JEQ_K -> pc += 1 + (accumulator == insn.k() ? insn.jt() : insn.jf());
                case SeccompFilter.JSET_K -> pc += 1 + ((accumulator & insn.k()) != 0 ? insn.jt() : insn.jf());
                case SeccompFilter.JGE_K ->
                    pc += 1
                            + (Integer.toUnsignedLong(accumulator) >= Integer.toUnsignedLong(insn.k())
                                    ? insn.jt()
                                    : insn.jf());
                case SeccompFilter.RET_K -> {
                    return insn.k();
                }
                default -> throw new AssertionError("unexpected opcode " + insn.code());
            }
        }
        throw new AssertionError("program does not terminate");
    }

    @Test
    void networkCallsFailWithEpermOnlyWhenTheNetworkIsDenied() {
        for (Arch arch : BOTH) {
            List<SeccompFilter.Instruction> denied = SeccompFilter.program(arch, true);
            List<SeccompFilter.Instruction> allowed = SeccompFilter.program(arch, false);
            for (int nr : SeccompFilter.networkDenied(arch)) {
                assertThat(evaluate(denied, arch.auditArch(), nr, 1))
                        .as("%s syscall %d", arch.name(), nr)
                        .isEqualTo(EPERM_ACTION);
                assertThat(evaluate(allowed, arch.auditArch(), nr, 1))
                        .as("%s syscall %d with network", arch.name(), nr)
                        .isEqualTo(SeccompFilter.RET_ALLOW);
            }
            assertThat(SeccompFilter.networkDenied(arch)).hasSize(14).doesNotHaveDuplicates();
        }
    }

    @Test
    void theExactNetworkNumbers() {
        // upstream's list (connect accept accept4 bind listen getpeername getsockname shutdown sendto sendmmsg
        // recvmmsg getsockopt setsockopt) plus sendmsg, which carries a destination address as sendto does
        assertThat(SeccompFilter.networkDenied(Arch.X86_64))
                .containsExactlyInAnyOrder(42, 43, 288, 49, 50, 52, 51, 48, 44, 46, 307, 299, 55, 54);
        assertThat(SeccompFilter.networkDenied(Arch.AARCH64))
                .containsExactlyInAnyOrder(203, 202, 242, 200, 201, 205, 204, 210, 206, 211, 269, 243, 209, 208);
    }

    @Test
    void containmentHoldsWhateverTheNetworkPolicy() {
        for (Arch arch : BOTH) {
            for (boolean denyNetwork : new boolean[] {true, false}) {
                List<SeccompFilter.Instruction> program = SeccompFilter.program(arch, denyNetwork);
                int audit = arch.auditArch();
                for (int nr : SeccompFilter.containmentDenied(arch)) {
                    assertThat(evaluate(program, audit, nr, 0))
                            .as("%s syscall %d", arch.name(), nr)
                            .isEqualTo(EPERM_ACTION);
                }
                int clone = arch.contain().cloneCall();
                int unshare = arch.proc().unshare();
                for (int flag : new int[] {CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS}) {
                    assertThat(evaluate(program, audit, clone, THREAD_FLAGS | flag))
                            .isEqualTo(EPERM_ACTION);
                    assertThat(evaluate(program, audit, unshare, flag)).isEqualTo(EPERM_ACTION);
                }
                assertThat(evaluate(program, audit, clone, THREAD_FLAGS)).isEqualTo(SeccompFilter.RET_ALLOW);
                assertThat(evaluate(program, audit, clone, 17 /* SIGCHLD: fork */))
                        .isEqualTo(SeccompFilter.RET_ALLOW);
                // CLONE_FILES: unsharing the descriptor table creates nothing
                assertThat(evaluate(program, audit, unshare, 0x400)).isEqualTo(SeccompFilter.RET_ALLOW);
                // flags in memory cannot be checked: ENOSYS makes the C library fall back to clone
                assertThat(evaluate(program, audit, Arch.CLONE3, 0)).isEqualTo(ENOSYS_ACTION);
            }
        }
        // ptrace, process_vm_readv/writev, setns, bpf, mount, umount2, pivot_root, chroot, keyctl, add_key,
        // request_key, io_uring, the new mount API (x86_64)
        assertThat(SeccompFilter.containmentDenied(Arch.X86_64))
                .contains(101, 310, 311, 308, 321, 165, 166, 155, 161, 250, 248, 249, 425, 426, 427, 428, 442)
                .doesNotHaveDuplicates();
    }

    @Test
    void socketsOnlyForUnixDomainWithoutNetwork() {
        for (Arch arch : BOTH) {
            List<SeccompFilter.Instruction> program = SeccompFilter.program(arch, true);
            int audit = arch.auditArch();
            for (int call : new int[] {arch.net().socket(), arch.net().socketpair()}) {
                assertThat(evaluate(program, audit, call, SeccompFilter.AF_UNIX))
                        .isEqualTo(SeccompFilter.RET_ALLOW);
                assertThat(evaluate(program, audit, call, AF_INET)).isEqualTo(EPERM_ACTION);
                assertThat(evaluate(program, audit, call, AF_INET6)).isEqualTo(EPERM_ACTION);
                assertThat(evaluate(program, audit, call, AF_NETLINK)).isEqualTo(EPERM_ACTION);
                assertThat(evaluate(program, audit, call, AF_VSOCK)).isEqualTo(EPERM_ACTION);
                // the domain is compared as a 32-bit int: high bits do not smuggle AF_INET past the check
                assertThat(evaluate(program, audit, call, (1L << 32) | AF_INET)).isEqualTo(EPERM_ACTION);
            }
        }
    }

    @Test
    void withNetworkEverySocketButTheVmHostOne() {
        List<SeccompFilter.Instruction> program = SeccompFilter.program(Arch.X86_64, false);
        int audit = Arch.X86_64.auditArch();
        assertThat(evaluate(program, audit, 41, AF_INET)).isEqualTo(SeccompFilter.RET_ALLOW);
        assertThat(evaluate(program, audit, 41, AF_INET6)).isEqualTo(SeccompFilter.RET_ALLOW);
        assertThat(evaluate(program, audit, 41, AF_VSOCK)).isEqualTo(EPERM_ACTION);
    }

    @Test
    void everythingElseIsAllowed() {
        List<SeccompFilter.Instruction> program = SeccompFilter.program(Arch.X86_64, true);
        // read, write, openat, execve, recvfrom (allowed on purpose), recvmsg, kill, wait4
        for (int nr : new int[] {0, 1, 257, 59, 45, 47, 62, 61}) {
            assertThat(evaluate(program, Arch.X86_64.auditArch(), nr, AF_INET))
                    .as("syscall %d", nr)
                    .isEqualTo(SeccompFilter.RET_ALLOW);
        }
        List<SeccompFilter.Instruction> arm = SeccompFilter.program(Arch.AARCH64, true);
        for (int nr : new int[] {63, 64, 56, 221, 207, 212, 129, 260}) {
            assertThat(evaluate(arm, Arch.AARCH64.auditArch(), nr, AF_INET))
                    .as("syscall %d", nr)
                    .isEqualTo(SeccompFilter.RET_ALLOW);
        }
    }

    @Test
    void foreignCallingConventionsAreStopped() {
        int i386 = 0x40000003;
        List<SeccompFilter.Instruction> program = SeccompFilter.program(Arch.X86_64, true);
        assertThat(evaluate(program, i386, 102, AF_INET)).isEqualTo(SeccompFilter.RET_KILL_PROCESS);
        // x32 socket(AF_INET) = 0x40000000 | 41
        assertThat(evaluate(program, Arch.X86_64.auditArch(), 0x40000000 | 41, AF_INET))
                .isEqualTo(EPERM_ACTION);
        assertThat(evaluate(SeccompFilter.program(Arch.AARCH64, true), Arch.X86_64.auditArch(), 0, 0))
                .isEqualTo(SeccompFilter.RET_KILL_PROCESS);
    }
}
