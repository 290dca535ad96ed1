package io.codexquarkus.config;

import java.util.List;

/** {@code [sandbox_workspace_write]}: what workspace-write adds to the working directory. */
public record SandboxWorkspaceWrite(
        List<String> writableRoots, boolean networkAccess, boolean excludeTmpdirEnvVar, boolean excludeSlashTmp) {
    public SandboxWorkspaceWrite {
        writableRoots = List.copyOf(writableRoots);
    }

    public static SandboxWorkspaceWrite defaults() {
        return new SandboxWorkspaceWrite(List.of(), false, false, false);
    }
}
