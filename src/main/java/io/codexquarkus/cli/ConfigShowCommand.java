package io.codexquarkus.cli;

import io.codexquarkus.common.ExitCode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.LoadedConfig;
import io.codexquarkus.config.TomlValues;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus config show [--json]}: every effective value and the layer it came from. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Print the effective configuration after all layers (defaults, config.toml, profile, -c) and the layer"
                    + " each value came from."
        })
public class ConfigShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--json",
            description = "Print JSON: the configuration tree, with \"_sources\" mapping each dotted key to its layer.")
    boolean json;

    @Override
    public Integer call() {
        LoadedConfig loaded = GlobalOptions.of(spec).load(Invocation.of(spec));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>(loaded.tree());
            document.put("_sources", loaded.sources());
            out.println(Json.writePretty(document));
        } else {
            out.println("# " + loaded.configFile());
            printTable(out, "", loaded.tree(), loaded.sources());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printTable(
            PrintWriter out, String prefix, Map<String, Object> table, Map<String, String> sources) {
        for (Map.Entry<String, Object> e : table.entrySet()) {
            String key = prefix + TomlValues.bareKey(e.getKey());
            if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) nested;
                printTable(out, key + ".", child, sources);
            } else {
                String sourceKey = prefix + e.getKey();
                out.println(key + " = " + TomlValues.toTomlLiteral(e.getValue()) + "  # "
                        + sources.getOrDefault(sourceKey, "?"));
            }
        }
    }
}
