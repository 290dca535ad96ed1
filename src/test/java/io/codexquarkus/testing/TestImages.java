package io.codexquarkus.testing;

import java.util.Base64;

/** Image bytes for tests. */
public final class TestImages {
    /** The smallest valid PNG: one transparent pixel. */
    public static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /** {@link #PNG} as a data URL. */
    public static final String PNG_URL =
            "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);

    private TestImages() {}
}
