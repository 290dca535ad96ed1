package io.codexquarkus.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.config.SandboxWorkspaceWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What commands may touch, as Codex serialises it (tag {@code mode}, kebab-case): {@code {"mode":"read-only"}},
 * {@code {"mode":"workspace-write","writable_roots":[…],"network_access":false,…}}, {@code
 * {"mode":"danger-full-access"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "mode")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SandboxPolicy.DangerFullAccess.class, name = "danger-full-access"),
    @JsonSubTypes.Type(value = SandboxPolicy.ReadOnly.class, name = "read-only"),
    @JsonSubTypes.Type(value = SandboxPolicy.WorkspaceWrite.class, name = "workspace-write")
})
public sealed interface SandboxPolicy {
    record DangerFullAccess() implements SandboxPolicy {}

    record ReadOnly() implements SandboxPolicy {}

    /**
     * Write access to the working directory, /tmp, $TMPDIR and {@code writableRoots}; network only when {@code
     * networkAccess}.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record WorkspaceWrite(
            @JsonProperty("writable_roots") List<String> writableRoots,

            @JsonProperty("network_access") @JsonInclude(JsonInclude.Include.ALWAYS)
            boolean networkAccess,

            @JsonProperty("exclude_tmpdir_env_var") @JsonInclude(JsonInclude.Include.ALWAYS)
            boolean excludeTmpdirEnvVar,

            @JsonProperty("exclude_slash_tmp") @JsonInclude(JsonInclude.Include.ALWAYS)
            boolean excludeSlashTmp)
            implements SandboxPolicy {
        public WorkspaceWrite {
            writableRoots = writableRoots == null ? List.of() : List.copyOf(writableRoots);
        }
    }

    static SandboxPolicy from(SandboxMode mode, SandboxWorkspaceWrite settings) {
        return switch (mode) {
            case READ_ONLY -> new ReadOnly();
            case DANGER_FULL_ACCESS -> new DangerFullAccess();
            case WORKSPACE_WRITE ->
                new WorkspaceWrite(
                        settings.writableRoots(),
                        settings.networkAccess(),
                        settings.excludeTmpdirEnvVar(),
                        settings.excludeSlashTmp());
        };
    }

    default boolean hasFullNetworkAccess() {
        return switch (this) {
            case DangerFullAccess d -> true;
            case ReadOnly r -> false;
            case WorkspaceWrite w -> w.networkAccess();
        };
    }

    default boolean hasFullDiskWriteAccess() {
        return this instanceof DangerFullAccess;
    }

    /** The mode name, as {@code sandbox_mode} spells it. */
    default SandboxMode mode() {
        return switch (this) {
            case DangerFullAccess d -> SandboxMode.DANGER_FULL_ACCESS;
            case ReadOnly r -> SandboxMode.READ_ONLY;
            case WorkspaceWrite w -> SandboxMode.WORKSPACE_WRITE;
        };
    }

    /**
     * The directories commands may write under this policy, as Codex derives them for {@code cwd} and the command's
     * environment ({@code TMPDIR}); empty unless workspace-write.
     */
    default List<WritableRoot> writableRoots(Path cwd, Map<String, String> env) {
        return WritableRoots.of(this, cwd, env);
    }

    /**
     * Whether a write to {@code path} (relative paths against {@code cwd}) stays inside what this policy allows;
     * patch approval asks this for every changed path.
     */
    default boolean isPathWritable(Path path, Path cwd, Map<String, String> env) {
        return WritableRoots.isPathWritable(this, path, cwd, env);
    }
}
