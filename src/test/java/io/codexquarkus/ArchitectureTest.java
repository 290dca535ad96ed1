package io.codexquarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules are written once, in each top-level package's {@code package-info.java} ("Depends on: {@code
 * config}, {@code common}, and the policy type {@link io.codexquarkus.sandbox.SandboxPolicy}"), and this test holds the
 * sources to them: every reference to another top-level package, by import or by fully-qualified name, must be to a
 * package the rule names or to a type it names.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of("src/main/java/io/codexquarkus");
    private static final Pattern RULE = Pattern.compile("Depends on:(.*?)(?:<p>|\\*/)", Pattern.DOTALL);
    private static final Pattern RULE_PACKAGE = Pattern.compile("\\{@code ([a-z][a-z0-9]*)}");
    private static final Pattern RULE_TYPE = Pattern.compile("\\{@link\\s+(io\\.codexquarkus\\.[\\w.]+)}");
    /** A project reference: the top-level package, the sub-packages, and the type when one is named. */
    private static final Pattern REFERENCE =
            Pattern.compile("io\\.codexquarkus\\.([a-z][a-z0-9]*)((?:\\.[a-z][a-z0-9]*)*)(?:\\.([A-Z]\\w*))?");

    private record Rule(Set<String> packages, Set<String> types) {
        boolean allows(String target, String type) {
            return packages.contains(target) || (type != null && types.contains(type));
        }
    }

    private static Map<String, Rule> rules;

    @BeforeAll
    static void readRules() throws IOException {
        rules = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String layer = dir.getFileName().toString();
                Path info = dir.resolve("package-info.java");
                assertThat(info)
                        .as("package %s states its role and dependencies", layer)
                        .exists();
                rules.put(layer, parse(layer, Files.readString(info)));
            }
        }
    }

    private static Rule parse(String layer, String packageInfo) {
        Matcher rule = RULE.matcher(packageInfo);
        assertThat(rule.find())
                .as("package-info of %s has a \"Depends on:\" paragraph", layer)
                .isTrue();
        String text = rule.group(1).replaceAll("\\s*\\n\\s*\\*\\s*", " "); // one line, without the comment's stars
        Set<String> packages = new HashSet<>();
        for (Matcher m = RULE_PACKAGE.matcher(text); m.find(); ) {
            packages.add(m.group(1));
        }
        Set<String> types = new HashSet<>();
        for (Matcher m = RULE_TYPE.matcher(text); m.find(); ) {
            types.add(m.group(1));
        }
        return new Rule(Set.copyOf(packages), Set.copyOf(types));
    }

    @Test
    void theRulesAreReadAsWritten() {
        assertThat(rules.keySet())
                .containsExactlyInAnyOrder(
                        "agent", "auth", "cli", "common", "config", "exec", "mcp", "model", "sandbox", "tools");
        assertThat(rules.get("common")).isEqualTo(new Rule(Set.of(), Set.of()));
        assertThat(rules.get("mcp"))
                .isEqualTo(new Rule(
                        Set.of("agent", "config", "auth", "common"), Set.of("io.codexquarkus.sandbox.SandboxPolicy")));
        rules.forEach((layer, rule) -> assertThat(rules.keySet())
                .as("packages named by the rule of %s", layer)
                .containsAll(rule.packages()));
    }

    @Test
    void theRulesHaveNoCycle() {
        for (String start : rules.keySet()) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(rules.get(start).packages());
            while (!todo.isEmpty()) {
                String next = todo.removeLast();
                assertThat(next)
                        .as("%s depends on itself through %s", start, seen)
                        .isNotEqualTo(start);
                if (seen.add(next)) {
                    todo.addAll(rules.get(next).packages());
                }
            }
        }
    }

    @Test
    void dependenciesFollowTheRules() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (file.getParent().equals(ROOT)
                        || file.getFileName().toString().equals("package-info.java")) {
                    continue; // package-info only documents; its links are not dependencies
                }
                String layer = ROOT.relativize(file).getName(0).toString();
                Rule rule = rules.get(layer);
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1);
                    String type =
                            m.group(3) == null ? null : "io.codexquarkus." + target + m.group(2) + "." + m.group(3);
                    if (!target.equals(layer) && !rule.allows(target, type)) {
                        violations.add(ROOT.relativize(file) + " -> " + (type == null ? target : type));
                    }
                }
            }
        }
        assertThat(violations)
                .as("references the package-info rules do not allow")
                .isEmpty();
    }
}
