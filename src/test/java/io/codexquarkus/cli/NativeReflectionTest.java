package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A native build only reflects on what is registered: every class Jackson binds must be listed in {@link
 * NativeReflection}. Required are the classes that carry a Jackson annotation (on themselves or on a member), the
 * Jackson serializers and deserializers they name, and every record, enum and sealed interface of the application:
 * any of them may reach {@code Json.tree}/{@code Json.write} (e.g. the results of the MCP methods), and a missing one
 * fails only at run time in a native binary.
 */
class NativeReflectionTest {
    @Test
    void everyJacksonBoundClassIsRegistered() throws Exception {
        SortedSet<String> required = requiredClassNames();
        Set<String> registered = registeredClassNames();
        SortedSet<String> missing = new TreeSet<>(required);
        missing.removeAll(registered);
        assertThat(missing)
                .as("register these in NativeReflection.classNames:%n%s", paste(missing))
                .isEmpty();
    }

    @Test
    void everyRegisteredClassExists() {
        List<String> unknown = new ArrayList<>();
        for (String name : registeredClassNames()) {
            try {
                Class.forName(name, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                unknown.add(name);
            }
        }
        assertThat(unknown)
                .as("NativeReflection names classes that do not exist")
                .isEmpty();
        assertThat(List.of(NativeReflection.class
                        .getAnnotation(RegisterForReflection.class)
                        .classNames()))
                .as("the list is sorted and has no duplicates")
                .isEqualTo(sortedRegistered());
    }

    private static Set<String> registeredClassNames() {
        RegisterForReflection registration = NativeReflection.class.getAnnotation(RegisterForReflection.class);
        Set<String> names = new java.util.LinkedHashSet<>(Arrays.asList(registration.classNames()));
        Arrays.stream(registration.targets()).map(Class::getName).forEach(names::add);
        return names;
    }

    private static List<String> sortedRegistered() {
        RegisterForReflection registration = NativeReflection.class.getAnnotation(RegisterForReflection.class);
        return Arrays.stream(registration.classNames()).sorted().distinct().toList();
    }

    static SortedSet<String> requiredClassNames() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(NativeReflection.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(root::relativize)
                    .map(Path::toString)
                    .filter(p -> p.startsWith("io/codexquarkus/") && p.endsWith(".class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        SortedSet<String> required = new TreeSet<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, NativeReflectionTest.class.getClassLoader());
            if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || name.contains("$$")) {
                continue;
            }
            if (jacksonBound(type) || wireType(type)) {
                required.add(name);
            }
        }
        return required;
    }

    private static boolean wireType(Class<?> type) {
        return type.isRecord() || type.isEnum() || (type.isInterface() && type.isSealed());
    }

    private static boolean jacksonBound(Class<?> type) {
        if (isJacksonCodec(type) || hasJackson(type)) {
            return true;
        }
        List<AnnotatedElement> members = new ArrayList<>();
        members.addAll(Arrays.asList(type.getDeclaredFields()));
        members.addAll(Arrays.asList(type.getDeclaredMethods()));
        members.addAll(Arrays.asList(type.getDeclaredConstructors()));
        if (type.isRecord()) {
            members.addAll(Arrays.asList(type.getRecordComponents()));
        }
        for (Executable executable : Stream.concat(
                        Arrays.stream(type.getDeclaredMethods()), Arrays.stream(type.getDeclaredConstructors()))
                .toList()) {
            members.addAll(Arrays.asList(executable.getParameters()));
        }
        return members.stream().anyMatch(NativeReflectionTest::hasJackson);
    }

    private static boolean isJacksonCodec(Class<?> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("com.fasterxml.jackson.databind.")
                    && (c.getSimpleName().endsWith("Serializer")
                            || c.getSimpleName().endsWith("Deserializer")
                            || c.getSimpleName().equals("KeyDeserializer"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJackson(AnnotatedElement element) {
        Annotation[] annotations = element instanceof Parameter p
                ? p.getAnnotations()
                : element instanceof RecordComponent r ? r.getAnnotations() : element.getDeclaredAnnotations();
        return Arrays.stream(annotations)
                .anyMatch(a -> a.annotationType().getName().startsWith("com.fasterxml.jackson."));
    }

    private static String paste(Set<String> names) {
        return names.stream().map(n -> "            \"" + n + "\",").collect(Collectors.joining("\n"));
    }
}
