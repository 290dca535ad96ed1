package io.codexquarkus.model;

import io.codexquarkus.model.client.UserAgent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * The seams of the model client: where environment variables come from, how it waits and draws jitter, what it says
 * about the host in {@code User-Agent}, and which threads run blocking credential look-ups and idle timers. {@link
 * #defaults()} is what production uses; tests replace single parts.
 *
 * @param environment looks up an environment variable ({@code env_key}, {@code env_http_headers}); null when unset
 * @param sleeper waits between retries
 * @param jitter draws the backoff factor, uniform in [0.9, 1.1)
 * @param platform the {@code (<os> <version>; <arch>) <terminal>} part of {@code User-Agent}
 * @param connectTimeout TCP connect timeout of every request
 * @param blockingExecutor runs {@link io.codexquarkus.model.auth.AuthProvider} calls, which may read files or refresh
 *     tokens over HTTP (never on an event-loop thread)
 * @param scheduler runs the idle-timeout checks
 */
public record ModelClientOptions(
        UnaryOperator<String> environment,
        Sleeper sleeper,
        DoubleSupplier jitter,
        String platform,
        Duration connectTimeout,
        Executor blockingExecutor,
        ScheduledExecutorService scheduler) {

    public static ModelClientOptions defaults() {
        return new ModelClientOptions(
                System::getenv,
                Sleeper.timer(),
                () -> ThreadLocalRandom.current().nextDouble(0.9, 1.1),
                UserAgent.hostPlatform(System::getenv),
                Duration.ofSeconds(30),
                Infrastructure.getDefaultWorkerPool(),
                Infrastructure.getDefaultWorkerPool());
    }

    public ModelClientOptions withEnvironment(UnaryOperator<String> value) {
        return new ModelClientOptions(value, sleeper, jitter, platform, connectTimeout, blockingExecutor, scheduler);
    }

    public ModelClientOptions withSleeper(Sleeper value) {
        return new ModelClientOptions(
                environment, value, jitter, platform, connectTimeout, blockingExecutor, scheduler);
    }

    public ModelClientOptions withJitter(DoubleSupplier value) {
        return new ModelClientOptions(
                environment, sleeper, value, platform, connectTimeout, blockingExecutor, scheduler);
    }

    public ModelClientOptions withPlatform(String value) {
        return new ModelClientOptions(environment, sleeper, jitter, value, connectTimeout, blockingExecutor, scheduler);
    }

    public ModelClientOptions withConnectTimeout(Duration value) {
        return new ModelClientOptions(environment, sleeper, jitter, platform, value, blockingExecutor, scheduler);
    }
}
