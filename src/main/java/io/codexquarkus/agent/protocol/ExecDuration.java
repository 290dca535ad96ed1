package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/** A duration as serde writes Rust's {@code std::time::Duration}: {@code {"secs":1,"nanos":500000000}}. */
public record ExecDuration(
        @JsonProperty("secs") long secs,
        @JsonProperty("nanos") int nanos) {
    public static ExecDuration of(Duration duration) {
        return new ExecDuration(duration.getSeconds(), duration.getNano());
    }

    public Duration toDuration() {
        return Duration.ofSeconds(secs, nanos);
    }
}
