package io.codexquarkus.sandbox;

/** Environment variables Codex sets for the commands it runs. */
public final class SandboxEnv {
    /** {@code 1} in every command's environment when the policy denies network access (whatever the sandbox). */
    public static final String NETWORK_DISABLED = "CODEX_SANDBOX_NETWORK_DISABLED";
    /** {@code seatbelt} for commands under macOS Seatbelt. */
    public static final String SANDBOX = "CODEX_SANDBOX";
    /**
     * Path of an executable that acts as the Linux helper ({@code codex-linux-sandbox}: the launcher linked under
     * that name, or a native build); when unset the helper runs on this process's own JVM.
     */
    public static final String LINUX_SANDBOX_EXE = "CODEX_LINUX_SANDBOX_EXE";

    private SandboxEnv() {}
}
