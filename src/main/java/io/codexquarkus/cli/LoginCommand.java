package io.codexquarkus.cli;

import io.codexquarkus.auth.AuthService;
import io.codexquarkus.auth.ChatGptLogin;
import io.codexquarkus.auth.CodexAuth;
import io.codexquarkus.auth.LoginOutcome;
import io.codexquarkus.auth.login.BrowserLauncher;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.CodexConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code codex-quarkus login}: sign in with ChatGPT in the browser, or store an API key. Messages go to stderr.
 * Exit codes: 0 logged in, 1 the login failed, 2 bad flags or configuration.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Sign in with ChatGPT (opens a local callback server on 127.0.0.1 and the browser), or save an API key"
                    + " to $CODEX_HOME/auth.json."
        },
        subcommands = {LoginCommand.Status.class})
public class LoginCommand implements Callable<Integer> {
    static final String SUCCESS = "Successfully logged in";
    private static final String SERVER_ERROR_PREFIX = "Login server error: ";
    private static final int MAX_KEY_BYTES = 64 * 1024;

    @Spec
    CommandSpec spec;

    @Inject
    Instance<Vertx> vertx;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "Save this API key instead of signing in with ChatGPT.")
    String apiKey;

    @Option(
            names = "--with-api-key",
            description =
                    "Read the API key from stdin, e.g. printenv OPENAI_API_KEY | codex-quarkus login --with-api-key")
    boolean withApiKey;

    @Override
    public Integer call() {
        if (apiKey != null && withApiKey) {
            throw new ParameterException(spec.commandLine(), "--api-key and --with-api-key cannot be used together");
        }
        Invocation invocation = Invocation.of(spec);
        CodexConfig config = GlobalOptions.of(spec).load(invocation).config();
        PrintWriter err = spec.commandLine().getErr();
        try (AuthService auth =
                AuthService.create(config, invocation.environment().env(), () -> vertx.get())) {
            if (apiKey != null) {
                return saveKey(auth, apiKey, err);
            }
            if (withApiKey) {
                return keyFromStdin(auth, invocation.stdin(), err);
            }
            return chatGpt(auth, config, err);
        } finally {
            err.flush();
        }
    }

    private static int saveKey(AuthService auth, String key, PrintWriter err) {
        try {
            auth.loginApiKey(key);
        } catch (CodexException e) {
            err.println("Error logging in: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        err.println(SUCCESS);
        return ExitCode.OK;
    }

    private static int keyFromStdin(AuthService auth, InputStream stdin, PrintWriter err) {
        // only the process's own stdin can be a terminal; a driver's stream never waits for typing
        if (stdin == System.in && StandardInput.isTerminal()) {
            err.println("--with-api-key reads the API key from stdin; pipe it in, e.g."
                    + " `printenv OPENAI_API_KEY | codex-quarkus login --with-api-key`.");
            return ExitCode.FAILURE;
        }
        err.println("Reading API key from stdin...");
        err.flush();
        String key;
        try {
            key = StandardInput.read(stdin, MAX_KEY_BYTES).strip();
        } catch (IOException e) {
            err.println("Error logging in: cannot read stdin: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (key.isEmpty()) {
            err.println("No API key provided via stdin.");
            return ExitCode.FAILURE;
        }
        return saveKey(auth, key, err);
    }

    private static int chatGpt(AuthService auth, CodexConfig config, PrintWriter err) {
        ChatGptLogin login;
        try {
            login = auth.loginChatGpt();
        } catch (CodexException e) {
            err.println("Error logging in: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        err.println("Starting local login server on http://localhost:" + login.port() + ".");
        err.println("If your browser did not open, navigate to this URL to authenticate:");
        err.println();
        err.println(login.authUrl());
        err.flush();
        BrowserLauncher.open(login.authUrl());
        // the server enforces the login timeout; this bound only guards against a wedged server
        Duration bound = Duration.ofSeconds(config.auth().loginTimeoutSeconds()).plusSeconds(30);
        LoginOutcome outcome;
        try {
            outcome = login.completion().toCompletableFuture().get(bound.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            err.println("Error logging in: Login timed out");
            return ExitCode.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Error logging in: interrupted");
            return ExitCode.INTERRUPTED;
        }
        if (outcome.success()) {
            err.println(SUCCESS);
            return ExitCode.OK;
        }
        String error = outcome.error().orElse("Login failed");
        if (error.startsWith(SERVER_ERROR_PREFIX)) {
            error = error.substring(SERVER_ERROR_PREFIX.length());
        }
        err.println("Error logging in: " + error);
        return ExitCode.FAILURE;
    }

    /** {@code API key: first 8 + *** + last 5}; keys of 13 characters or fewer show only {@code ***}. */
    static String maskKey(String key) {
        if (key.length() <= 13) {
            return "***";
        }
        return key.substring(0, 8) + "***" + key.substring(key.length() - 5);
    }

    /**
     * {@code codex-quarkus login status}: which login is stored. Exit codes: 0 logged in, 1 not logged in, 2 malformed
     * auth.json or configuration.
     */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show which login is in use (API key or ChatGPT).")
    public static class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Invocation invocation = Invocation.of(spec);
            CodexConfig config = GlobalOptions.of(spec).load(invocation).config();
            PrintWriter err = spec.commandLine().getErr();
            try (AuthService auth = AuthService.withoutLoginServer(
                    config, invocation.environment().env())) {
                Optional<CodexAuth> current = auth.currentAuth();
                if (current.isEmpty()) {
                    err.println("Not logged in");
                    return ExitCode.FAILURE;
                }
                switch (current.get()) {
                    case CodexAuth.ApiKey key -> err.println("Logged in using an API key - " + maskKey(key.key()));
                    case CodexAuth.ChatGpt chatGpt -> err.println("Logged in using ChatGPT");
                }
                return ExitCode.OK;
            } catch (CodexException e) {
                err.println("Error checking login status: " + e.getMessage());
                return e.exitCode();
            } finally {
                err.flush();
            }
        }
    }

    /** Reading the key from stdin, and refusing a terminal there. */
    static final class StandardInput {
        private StandardInput() {}

        /** Whether file descriptor 0 is a terminal (then nobody piped a key in and reading would wait for typing). */
        static boolean isTerminal() {
            Path fd0 = Path.of("/proc/self/fd/0");
            try {
                if (Files.exists(fd0, LinkOption.NOFOLLOW_LINKS)) {
                    String target = Files.readSymbolicLink(fd0).toString();
                    return target.startsWith("/dev/pts/")
                            || target.startsWith("/dev/tty")
                            || target.equals("/dev/console");
                }
            } catch (IOException | UnsupportedOperationException e) {
                // fall through to asking the shell
            }
            try {
                Process test = new ProcessBuilder("sh", "-c", "test -t 0")
                        .redirectInput(ProcessBuilder.Redirect.INHERIT)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!test.waitFor(5, TimeUnit.SECONDS)) {
                    test.destroyForcibly();
                    test.waitFor(5, TimeUnit.SECONDS);
                    return false;
                }
                return test.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        static String read(InputStream in, int maxBytes) throws IOException {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("more than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
