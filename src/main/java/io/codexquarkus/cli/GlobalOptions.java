package io.codexquarkus.cli;

import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.LoadedConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -c key=value} and {@code -p NAME}, declared once on the top command and inherited by every subcommand, so they
 * may appear before or after the subcommand name.
 */
public class GlobalOptions {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "key=value",
            scope = ScopeType.INHERIT,
            description = {
                "Override a configuration value (repeatable). The key is a dotted path into config.toml; the value is"
                        + " parsed as TOML and taken as a literal string when it is not valid TOML.",
                "Examples: -c model=\"o3\" -c 'sandbox_workspace_write.writable_roots=[\"/tmp\"]'"
            })
    List<String> overrides = new ArrayList<>();

    @Option(
            names = {"-p", "--profile"},
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "Configuration profile from config.toml ([profiles.NAME]).")
    String profile;

    /** The options of the top command, whichever subcommand is running. */
    public static GlobalOptions of(CommandSpec spec) {
        Object root = spec.root().userObject();
        if (root instanceof CodexCommand top && top.globalOptions != null) {
            return top.globalOptions;
        }
        return new GlobalOptions();
    }

    public List<String> overrides() {
        return List.copyOf(overrides);
    }

    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    /** The request every command starts from: the invocation's home, cwd and environment plus {@code -c}. */
    public ConfigRequest request(Invocation invocation) {
        return ConfigRequest.forEnvironment(invocation.environment(), overrides(), profile());
    }

    public LoadedConfig load(Invocation invocation) {
        return ConfigLoader.load(request(invocation));
    }
}
