package io.codexquarkus.testing;

import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A model client for core tests: each request gets the next scripted response and is recorded. A script that runs
 * out fails the test loudly (an unexpected extra model call).
 */
public final class ScriptedModelClient implements ModelClient {
    private final ConcurrentLinkedQueue<Function<ModelRequest, Multi<ResponseEvent>>> script =
            new ConcurrentLinkedQueue<>();
    public final List<ModelRequest> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    public ScriptedModelClient then(List<ResponseEvent> events) {
        script.add(request -> Multi.createFrom().iterable(events));
        return this;
    }

    public ScriptedModelClient then(Function<ModelRequest, Multi<ResponseEvent>> response) {
        script.add(response);
        return this;
    }

    @Override
    public Multi<ResponseEvent> stream(ModelRequest request) {
        requests.add(request);
        Function<ModelRequest, Multi<ResponseEvent>> next = script.poll();
        if (next == null) {
            throw new AssertionError("unexpected model request #" + requests.size());
        }
        return next.apply(request);
    }
}
