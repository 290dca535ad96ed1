package io.codexquarkus.model.client;

import java.util.List;

/**
 * Turns the {@code data} of each SSE event of one stream into {@link io.codexquarkus.model.protocol.ResponseEvent}s.
 * One instance per HTTP stream; called from one thread at a time.
 */
interface SseDecoder {
    /** Follows the terminal event (Completed or Failed) of a stream: reading stops there. */
    Object CUT = new Object();

    /**
     * The events one SSE payload yields, in order, followed by {@link #CUT} after a terminal event. Unparseable data
     * yields nothing. Throws {@link StreamBrokenException} when the payload says the stream failed in a way a retry may
     * fix.
     */
    List<Object> onData(String data);

    /** A terminal event was produced. */
    boolean finished();

    /** Why a stream that ended without a terminal event failed. */
    StreamBrokenException endedEarly();
}
