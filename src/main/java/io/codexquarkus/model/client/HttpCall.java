package io.codexquarkus.model.client;

import java.util.List;
import java.util.Map;

/** One POST as sent: the full endpoint URL and the headers in the order they are set. */
record HttpCall(String url, List<Map.Entry<String, String>> headers) {
    HttpCall {
        headers = List.copyOf(headers);
    }

    /** The value of a header, case-insensitively, or null. */
    String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
