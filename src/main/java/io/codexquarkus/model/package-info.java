/**
 * The model provider client: the Responses and Chat Completions APIs streamed over SSE, retries, the wire records of
 * requests and stream events, and what each model family supports.
 *
 * <p>Depends on: {@code config}, {@code common}.
 */
package io.codexquarkus.model;
