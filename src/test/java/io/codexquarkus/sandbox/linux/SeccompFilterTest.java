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
    private static final int EPERM_ACTION = SeccompFilter.RET_ERRNO | 1;

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
    void deniedSyscallsFailWithEpermOnBothArchitectures() {
        for (Arch arch : List.of(Arch.X86_64, Arch.AARCH64)) {
            List<SeccompFilter.Instruction> program = SeccompFilter.program(arch);
            for (int nr : SeccompFilter.deniedSyscalls(arch)) {
                assertThat(evaluate(program, arch.auditArch(), nr, 1))
                        .as("%s syscall %d", arch.name(), nr)
                        .isEqualTo(EPERM_ACTION);
            }
            assertThat(SeccompFilter.deniedSyscalls(arch)).hasSize(17).doesNotHaveDuplicates();
        }
    }

    @Test
    void theExactSyscallNumbersOfTheSpec() {
        // x86_64: connect accept accept4 bind listen getpeername getsockname shutdown sendto sendmmsg recvmmsg
        // getsockopt setsockopt ptrace io_uring_setup io_uring_enter io_uring_register
        assertThat(SeccompFilter.deniedSyscalls(Arch.X86_64))
                .containsExactly(42, 43, 288, 49, 50, 52, 51, 48, 44, 307, 299, 55, 54, 101, 425, 426, 427);
        assertThat(SeccompFilter.deniedSyscalls(Arch.AARCH64))
                .containsExactly(203, 202, 242, 200, 201, 205, 204, 210, 206, 269, 243, 209, 208, 117, 425, 426, 427);
    }

    @Test
    void socketsOnlyForUnixDomain() {
        for (Arch arch : List.of(Arch.X86_64, Arch.AARCH64)) {
            List<SeccompFilter.Instruction> program = SeccompFilter.program(arch);
            int audit = arch.auditArch();
            for (int call : new int[] {arch.net().socket(), arch.net().socketpair()}) {
                assertThat(evaluate(program, audit, call, SeccompFilter.AF_UNIX))
                        .isEqualTo(SeccompFilter.RET_ALLOW);
                assertThat(evaluate(program, audit, call, AF_INET)).isEqualTo(EPERM_ACTION);
                assertThat(evaluate(program, audit, call, AF_INET6)).isEqualTo(EPERM_ACTION);
                assertThat(evaluate(program, audit, call, AF_NETLINK)).isEqualTo(EPERM_ACTION);
                // the domain is compared as a 32-bit int: high bits do not smuggle AF_INET past the check
                assertThat(evaluate(program, audit, call, (1L << 32) | AF_INET)).isEqualTo(EPERM_ACTION);
            }
        }
    }

    @Test
    void everythingElseIsAllowed() {
        List<SeccompFilter.Instruction> program = SeccompFilter.program(Arch.X86_64);
        // read, write, openat, execve, recvfrom (allowed on purpose), sendmsg, recvmsg, clone
        for (int nr : new int[] {0, 1, 257, 59, 45, 46, 47, 56}) {
            assertThat(evaluate(program, Arch.X86_64.auditArch(), nr, AF_INET))
                    .as("syscall %d", nr)
                    .isEqualTo(SeccompFilter.RET_ALLOW);
        }
        List<SeccompFilter.Instruction> arm = SeccompFilter.program(Arch.AARCH64);
        for (int nr : new int[] {63, 64, 56, 221, 207, 211, 212, 220}) {
            assertThat(evaluate(arm, Arch.AARCH64.auditArch(), nr, AF_INET))
                    .as("syscall %d", nr)
                    .isEqualTo(SeccompFilter.RET_ALLOW);
        }
    }

    @Test
    void foreignCallingConventionsAreStopped() {
        int i386 = 0x40000003;
        List<SeccompFilter.Instruction> program = SeccompFilter.program(Arch.X86_64);
        assertThat(evaluate(program, i386, 102, AF_INET)).isEqualTo(SeccompFilter.RET_KILL_PROCESS);
        // x32 socket(AF_INET) = 0x40000000 | 41
        assertThat(evaluate(program, Arch.X86_64.auditArch(), 0x40000000 | 41, AF_INET))
                .isEqualTo(EPERM_ACTION);
        assertThat(evaluate(SeccompFilter.program(Arch.AARCH64), Arch.X86_64.auditArch(), 0, 0))
                .isEqualTo(SeccompFilter.RET_KILL_PROCESS);
    }
}
