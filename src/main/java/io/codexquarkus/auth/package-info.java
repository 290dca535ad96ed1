/**
 * Credentials: {@code auth.json}, API keys, the ChatGPT login (OAuth with PKCE and a local callback server) and token
 * refresh. It implements the model client's credential interface.
 *
 * <p>Depends on: {@code model}, {@code config}, {@code common}.
 */
package io.codexquarkus.auth;
