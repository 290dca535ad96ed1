package io.codexquarkus.sandbox;

/**
 * The platform mechanism a command runs under. The display names are the ones Codex puts in its error text, e.g.
 * {@code failed in sandbox LinuxSeccomp with execution error: …}.
 */
public enum SandboxType {
    /** No sandbox: the command runs as it is (approved, known-safe, or danger-full-access). */
    NONE("None"),
    /** macOS {@code /usr/bin/sandbox-exec} with a generated Seatbelt profile. */
    MACOS_SEATBELT("MacosSeatbelt"),
    /** The Linux helper: Landlock for the file system, a seccomp filter for the network. */
    LINUX_SECCOMP("LinuxSeccomp");

    private final String displayName;

    SandboxType(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
