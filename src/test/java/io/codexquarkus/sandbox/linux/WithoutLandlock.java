package io.codexquarkus.sandbox.linux;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test launcher that plays a kernel without Landlock: it makes the three Landlock system calls fail with ENOSYS for
 * itself and what it executes (a seccomp filter, as container runtimes install), then executes its arguments.
 */
public final class WithoutLandlock {
    private WithoutLandlock() {}

    public static void main(String[] args) {
        int enosys = SeccompFilter.RET_ERRNO | Errno.ENOSYS;
        List<SeccompFilter.Instruction> program = List.of(
                new SeccompFilter.Instruction(SeccompFilter.LD_W_ABS, 0, 0, SeccompFilter.OFFSET_NR),
                new SeccompFilter.Instruction(SeccompFilter.JEQ_K, 3, 0, Arch.LANDLOCK_CREATE_RULESET),
                new SeccompFilter.Instruction(SeccompFilter.JEQ_K, 2, 0, Arch.LANDLOCK_ADD_RULE),
                new SeccompFilter.Instruction(SeccompFilter.JEQ_K, 1, 0, Arch.LANDLOCK_RESTRICT_SELF),
                new SeccompFilter.Instruction(SeccompFilter.RET_K, 0, 0, SeccompFilter.RET_ALLOW),
                new SeccompFilter.Instruction(SeccompFilter.RET_K, 0, 0, enosys));
        try (Arena arena = Arena.ofConfined()) {
            Syscalls sys = Syscalls.open(arena);
            Landlock.setNoNewPrivs(sys);
            SeccompFilter.install(sys, program);
            List<byte[]> argv = new ArrayList<>();
            for (String arg : args) {
                argv.add(arg.getBytes(StandardCharsets.UTF_8));
            }
            List<byte[]> env = RawProcess.environment();
            int errno = CommandExec.execvp(sys, argv, env, RawProcess.lookup(env, "PATH"));
            System.err.println("WithoutLandlock: exec failed: " + Errno.describe(errno));
            System.exit(99);
        }
    }
}
