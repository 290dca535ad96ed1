import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Removes {@code application.properties} from the runnable uber-jar, in place. Run by the build after Quarkus packages
 * it:
 *
 * <pre>java deployment/build/StripClasspathConfig.java target/codex-quarkus-VERSION-runner.jar</pre>
 *
 * Why: at every start SmallRye Config looks for {@code application.properties} on the class path and, finding it in a
 * jar, opens that jar as a zip file system to read it, which indexes all of the uber-jar's ~13,500 entries: ~40 ms of
 * every {@code exec} and {@code mcp} start, measured. The file has nothing left to say at run time: Quarkus read it at
 * build time, fixed the build-time values and recorded the run-time ones as defaults in the generated
 * {@code io.quarkus.runtime.generated.RunTimeConfigCustomizer}, which this step checks before it removes anything.
 * A missing jar (the native profile builds none) or one without the file is left alone.
 */
public final class StripClasspathConfig {
    private static final String FILE = "application.properties";
    private static final String RECORDED_DEFAULTS = "io/quarkus/runtime/generated/RunTimeConfigCustomizer.class";

    private StripClasspathConfig() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java StripClasspathConfig.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            System.out.println("[strip-config] no " + jar + ": nothing to do");
            return;
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path file = zip.getPath("/" + FILE);
            if (!Files.exists(file)) {
                System.out.println("[strip-config] " + jar.getFileName() + " has no " + FILE);
                return;
            }
            Path recorded = zip.getPath("/" + RECORDED_DEFAULTS);
            String defaults = Files.exists(recorded)
                    ? new String(Files.readAllBytes(recorded), java.nio.charset.StandardCharsets.ISO_8859_1)
                    : "";
            for (String line : Files.readAllLines(file)) {
                String key = line.strip();
                if (key.isEmpty() || key.startsWith("#") || key.startsWith("%") || !key.contains("=")) {
                    continue;
                }
                key = key.substring(0, key.indexOf('=')).strip();
                if (!isBuildTime(key) && !defaults.contains(key)) {
                    // a run-time value Quarkus did not record: the file is still needed
                    System.err.println("[strip-config] " + key + " is not recorded in " + RECORDED_DEFAULTS
                            + "; keeping " + FILE);
                    System.exit(1);
                }
            }
            Files.delete(file);
        }
        System.out.println("[strip-config] removed " + FILE + " from " + jar.getFileName());
    }

    /** Keys Quarkus only reads while building (packaging, native image): not needed at run time. */
    private static boolean isBuildTime(String key) {
        return key.startsWith("quarkus.package.") || key.startsWith("quarkus.native.");
    }
}
