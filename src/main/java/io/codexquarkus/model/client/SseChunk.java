package io.codexquarkus.model.client;

/**
 * What a streaming response's body yields as it arrives: the data of a complete event, or bytes that did not complete
 * one yet (so that the idle timeout counts time without bytes, not time without whole events).
 */
sealed interface SseChunk {
    /** Bytes arrived, no event ended in them. */
    SseChunk PARTIAL = new Partial();

    record Event(String data) implements SseChunk {}

    record Partial() implements SseChunk {}
}
