package io.codexquarkus.auth;

import java.util.concurrent.CompletionStage;

/**
 * A started ChatGPT login.
 *
 * @param loginId UUID of the attempt
 * @param authUrl the URL to open in a browser
 * @param port the local callback port actually bound
 * @param completion how it ended; completes after the completion callback and the auth-status listeners ran
 */
public record ChatGptLogin(String loginId, String authUrl, int port, CompletionStage<LoginOutcome> completion) {}
