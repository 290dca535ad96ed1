import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites the pre-Java-6 class files of a runnable jar (class file version below 50, i.e. without stack maps) as
 * version 52 with stack maps, in place. Run by the build after Quarkus packages the uber-jar:
 *
 * <pre>java deployment/build/ModernizeClassFiles.java target/codex-quarkus-VERSION-runner.jar</pre>
 *
 * Why: the JDK's AOT cache (JEP 483) cannot store old class files, which the slow type-inferencing verifier checks
 * at every start. picocli ships Java 5 class files (about 220 classes, picocli.CommandLine among them), so every
 * command paid for loading, verifying and interpreting them from scratch: 260 ms of CPU on `--help`, measured. The
 * bytecode itself is unchanged; only the version and the stack map tables (computed with java.lang.classfile) are new,
 * and each rewritten class must pass java.lang.classfile's verifier or it is kept as it was.
 * A jar without old classes, or a missing jar (the native profile builds none), is left alone.
 */
public final class ModernizeClassFiles {
    private static final int FIRST_WITH_STACK_MAPS = 50;

    /** Version 52, every method body re-emitted so that its stack map table is generated. */
    private static final ClassTransform UPGRADE = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
            .andThen((builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.with(ClassFileVersion.of(52, 0));
                } else {
                    builder.with(element);
                }
            });

    private ModernizeClassFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java ModernizeClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            System.out.println("[modernize] no " + jar + ": nothing to do");
            return;
        }
        int upgraded = 0;
        List<String> failed = new ArrayList<>();
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path root = zip.getPath("/");
            ClassHierarchyResolver fromJar = ClassHierarchyResolver.ofResourceParsing(desc -> {
                        String internal = desc.descriptorString();
                        Path entry = root.resolve(internal.substring(1, internal.length() - 1) + ".class");
                        try {
                            return Files.exists(entry) ? new ByteArrayInputStream(Files.readAllBytes(entry)) : null;
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .orElse(ClassHierarchyResolver.defaultResolver())
                    .cached();
            ClassFile classFile = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(fromJar), ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            List<Path> classes;
            try (Stream<Path> files = Files.walk(root)) {
                classes = files.filter(p -> p.toString().endsWith(".class"))
                        .filter(p -> !p.toString().startsWith("/META-INF/"))
                        .toList();
            }
            for (Path entry : classes) {
                byte[] bytes = Files.readAllBytes(entry);
                if (bytes.length < 8 || (((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff)) >= FIRST_WITH_STACK_MAPS) {
                    continue;
                }
                try {
                    byte[] modern = classFile.transformClass(classFile.parse(bytes), UPGRADE);
                    List<VerifyError> errors = classFile.verify(modern);
                    if (!errors.isEmpty()) {
                        failed.add(entry + ": " + errors.getFirst().getMessage());
                        continue;
                    }
                    Files.write(entry, modern);
                    upgraded++;
                } catch (RuntimeException e) {
                    // e.g. jsr/ret, which version 50+ forbids: the class stays as it was, and out of the AOT cache
                    failed.add(entry + ": " + e.getMessage());
                }
            }
        }
        System.out.println("[modernize] " + jar.getFileName() + ": " + upgraded
                + " class files upgraded to version 52 with stack maps" + (failed.isEmpty() ? "" : ", left as they were: "
                + failed.size()));
        failed.forEach(f -> System.out.println("[modernize]   " + f));
    }
}
