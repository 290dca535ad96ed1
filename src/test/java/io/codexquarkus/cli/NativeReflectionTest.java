package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A native build only reflects on what is registered, and a missing class fails only at run time in the binary. Each
 * package registers its own Jackson-bound types, next to them: {@code @RegisterForReflection} on the type, or in the
 * {@code targets} of a package's {@code JacksonTypes} holder. {@link JacksonBoundTypes} derives the bound types from
 * the compiled classes; this test holds the registrations to exactly that set (records under a {@code protocol}
 * package are wire shapes by definition and may be registered too).
 */
class NativeReflectionTest {
    @Test
    void everyJacksonBoundTypeIsRegistered() throws Exception {
        SortedSet<String> missing = new TreeSet<>(JacksonBoundTypes.under(classesRoot()));
        missing.removeAll(registered().keySet());
        assertThat(missing)
                .as(
                        "register these for reflection in their package's JacksonTypes (or annotate them):%n%s",
                        paste(missing))
                .isEmpty();
    }

    @Test
    void onlyJacksonBoundTypesAreRegistered() throws Exception {
        SortedSet<String> bound = JacksonBoundTypes.under(classesRoot());
        List<String> extra = new ArrayList<>();
        registered().forEach((name, where) -> {
            if (!bound.contains(name) && !name.contains(".protocol.")) {
                extra.add(name + " (registered by " + where + ")");
            }
        });
        assertThat(extra)
                .as("registered for reflection but never bound by Jackson")
                .isEmpty();
    }

    @Test
    void eachPackageRegistersOnlyItsOwnTypes() throws Exception {
        List<String> foreign = new ArrayList<>();
        registered().forEach((name, where) -> {
            if (!packageOf(name).equals(packageOf(where))) {
                foreign.add(name + " (registered by " + where + ")");
            }
        });
        assertThat(foreign)
                .as("reflection is registered next to the type, in its own package")
                .isEmpty();
    }

    /** Every registered class, with the class whose annotation registers it. */
    static SortedMap<String, String> registered() throws IOException, URISyntaxException {
        SortedMap<String, String> registered = new TreeMap<>();
        for (Class<?> type : applicationClasses()) {
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration == null) {
                continue;
            }
            boolean self = registration.targets().length == 0 && registration.classNames().length == 0;
            if (self) {
                register(type, !registration.ignoreNested(), type.getName(), registered);
            }
            for (Class<?> target : registration.targets()) {
                register(target, !registration.ignoreNested(), type.getName(), registered);
            }
            for (String name : registration.classNames()) {
                registered.put(name, type.getName());
            }
        }
        return registered;
    }

    /** Quarkus registers the nested classes of a registered class too, unless told to ignore them. */
    private static void register(Class<?> type, boolean nested, String where, SortedMap<String, String> registered) {
        registered.put(type.getName(), where);
        if (nested) {
            Arrays.stream(type.getDeclaredClasses()).forEach(c -> register(c, true, where, registered));
        }
    }

    private static List<Class<?>> applicationClasses() throws IOException, URISyntaxException {
        Path root = classesRoot();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String path = root.relativize(file).toString();
                String name =
                        path.substring(0, path.length() - ".class".length()).replace('/', '.');
                try {
                    classes.add(Class.forName(name, false, NativeReflectionTest.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return classes;
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(CodexMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static String packageOf(String binaryName) {
        return binaryName.substring(0, binaryName.lastIndexOf('.'));
    }

    private static String paste(SortedSet<String> names) {
        return names.stream()
                .map(n -> "        " + n.replace('$', '.') + ".class,")
                .collect(Collectors.joining("\n"));
    }
}
