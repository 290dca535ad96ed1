/**
 * The model client built on the Quarkus reactive REST client (its JAX-RS client API, which also runs without a booted
 * Quarkus): request bodies for the Responses and Chat Completions wire APIs, SSE decoding into {@link
 * io.codexquarkus.model.protocol.ResponseEvent}s, credentials, and the two retry levels (HTTP requests and whole
 * streams). Only {@link io.codexquarkus.model.client.ReactiveModelClient} and {@link
 * io.codexquarkus.model.client.UserAgent} are meant for use outside this package.
 */
package io.codexquarkus.model.client;
