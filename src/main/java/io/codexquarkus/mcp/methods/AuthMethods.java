package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.auth.AuthService;
import io.codexquarkus.auth.ChatGptLogin;
import io.codexquarkus.auth.LoginNotFoundException;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.LazyVertx;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.protocol.AuthStatusChangeNotification;
import io.codexquarkus.mcp.protocol.EmptyResult;
import io.codexquarkus.mcp.protocol.GetAuthStatusResponse;
import io.codexquarkus.mcp.protocol.LoginChatGptCompleteNotification;
import io.codexquarkus.mcp.protocol.LoginChatGptResponse;
import io.codexquarkus.mcp.protocol.UserInfoResponse;
import io.codexquarkus.mcp.server.McpConnection;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.RequestContext;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The 0.34 auth methods over {@link AuthService}: {@code getAuthStatus}, {@code loginApiKey}, {@code loginChatGpt},
 * {@code cancelLoginChatGpt}, {@code logoutChatGpt} (alias {@code logout}) and {@code userInfo}, with the
 * notifications {@code loginChatGptComplete} and {@code authStatusChange}. A notification a method causes always
 * follows that method's reply. The service is built from the server's startup configuration (so startup {@code -c
 * preferred_auth_method=apikey} shows in {@code getAuthStatus}) on first use.
 */
final class AuthMethods implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuthMethods.class);
    /** How long a completion notification waits for the reply it must follow. */
    private static final long REPLY_WAIT_SECONDS = 5;

    private final ConfigRequest startup;
    private final Map<String, String> env;
    private final LazyVertx vertx = new LazyVertx(new VertxOptions(), "the MCP server is shutting down");
    /** Replies to {@code cancelLoginChatGpt} in flight, by login id: the completion notification waits for them. */
    private final Map<String, CompletableFuture<Void>> cancelReplies = new ConcurrentHashMap<>();

    private AuthService service;
    private boolean closed;

    AuthMethods(ConfigRequest startup, Map<String, String> env) {
        this.startup = startup;
        this.env = Map.copyOf(env);
    }

    void register(Map<String, MethodHandler> methods) {
        methods.put("getAuthStatus", this::getAuthStatus);
        methods.put("loginApiKey", this::loginApiKey);
        methods.put("loginChatGpt", this::loginChatGpt);
        methods.put("cancelLoginChatGpt", this::cancelLoginChatGpt);
        methods.put("logoutChatGpt", this::logout);
        methods.put("logout", this::logout);
        methods.put("userInfo", this::userInfo);
    }

    private synchronized AuthService service(McpConnection connection) {
        if (closed) {
            throw McpException.internal("the server is shutting down");
        }
        if (service == null) {
            CodexConfig config;
            try {
                config = ConfigLoader.load(startup).config();
            } catch (CodexException e) {
                throw McpException.internal("failed to load config.toml: " + e.getMessage());
            }
            AuthService created = AuthService.create(config, env, vertx);
            created.addAuthStatusListener(method ->
                    connection.notify("authStatusChange", Json.tree(new AuthStatusChangeNotification(method))));
            service = created;
        }
        return service;
    }

    private JsonNode getAuthStatus(RequestContext request) {
        Params params = Params.of(request);
        boolean includeToken = params.bool("includeToken").orElse(false);
        boolean refreshToken = params.bool("refreshToken").orElse(false);
        AuthService auth = service(request.connection());
        try {
            return Json.tree(GetAuthStatusResponse.from(auth.getAuthStatus(includeToken, refreshToken)));
        } catch (CodexException e) {
            throw McpException.internal("failed to read auth status: " + e.getMessage());
        }
    }

    private JsonNode loginApiKey(RequestContext request) {
        String apiKey = Params.of(request).requiredString("apiKey");
        AuthService auth = service(request.connection());
        auth.deferringNotifications(() -> {
            try {
                auth.loginApiKey(apiKey);
            } catch (CodexException e) {
                throw McpException.internal("failed to save api key: " + e.getMessage());
            }
            request.respond(Json.tree(EmptyResult.INSTANCE));
        });
        return null;
    }

    /**
     * Logs out: cancels an active ChatGPT login and deletes auth.json, whatever it contains: a malformed file is
     * removed too, since the user asked to be logged out and nothing in it is usable. Already logged out is fine.
     */
    private JsonNode logout(RequestContext request) {
        AuthService auth = service(request.connection());
        auth.deferringNotifications(() -> {
            try {
                auth.logout();
            } catch (CodexException e) {
                throw McpException.internal("logout failed: " + e.getMessage());
            }
            request.respond(Json.tree(EmptyResult.INSTANCE));
        });
        return null;
    }

    private JsonNode userInfo(RequestContext request) {
        AuthService auth = service(request.connection());
        try {
            return Json.tree(new UserInfoResponse(auth.userEmail()));
        } catch (CodexException e) {
            throw McpException.internal("failed to read user info: " + e.getMessage());
        }
    }

    private JsonNode loginChatGpt(RequestContext request) {
        AuthService auth = service(request.connection());
        McpConnection connection = request.connection();
        CompletableFuture<Void> replied = new CompletableFuture<>();
        ChatGptLogin login;
        try {
            login = auth.loginChatGpt(outcome -> {
                awaitReply(replied);
                awaitReply(cancelReplies.get(outcome.loginId()));
                connection.notify("loginChatGptComplete", Json.tree(LoginChatGptCompleteNotification.from(outcome)));
            });
        } catch (CodexException | IllegalStateException e) {
            throw McpException.internal("failed to start login server: " + e.getMessage());
        }
        try {
            request.respond(Json.tree(LoginChatGptResponse.from(login)));
        } finally {
            replied.complete(null);
        }
        return null;
    }

    private JsonNode cancelLoginChatGpt(RequestContext request) {
        String loginId = Params.of(request).requiredUuid("loginId");
        AuthService auth = service(request.connection());
        CompletableFuture<Void> replied = new CompletableFuture<>();
        cancelReplies.put(loginId, replied);
        try {
            try {
                auth.cancelLoginChatGpt(loginId);
            } catch (LoginNotFoundException e) {
                throw McpException.invalidRequest("login id not found: " + loginId);
            }
            request.respond(Json.tree(EmptyResult.INSTANCE));
        } finally {
            replied.complete(null);
            cancelReplies.remove(loginId, replied);
        }
        return null;
    }

    private static void awaitReply(CompletableFuture<Void> reply) {
        if (reply == null) {
            return;
        }
        try {
            reply.get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("sending loginChatGptComplete without waiting for the reply: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels a login this server still runs and stops the login server's Vert.x. */
    @Override
    public void close() {
        AuthService toClose;
        synchronized (this) {
            closed = true;
            toClose = service;
            service = null;
        }
        if (toClose != null) {
            toClose.close();
        }
        vertx.close();
    }
}
