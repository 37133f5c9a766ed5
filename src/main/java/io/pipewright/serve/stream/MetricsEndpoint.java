package io.pipewright.serve.stream;

import io.javalin.Javalin;
import io.pipewright.serve.Scoring;

/**
 * A stream's HTTP side: Prometheus {@code /metrics} (the model's meters and the stream's), and the health
 * endpoints a Kubernetes probe reads ({@code /v2/health/live}, {@code /v2/health/ready}: ready while the
 * scorer is in its group and the model is warmed up).
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final Javalin app;
    private final int port;

    private MetricsEndpoint(Javalin app, int port) {
        this.app = app;
        this.port = port;
    }

    /** Listens on host:port (0 for any free port). */
    public static MetricsEndpoint start(Scoring scoring, StreamScorer scorer, String host, int port) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scoring.registry().scrape()));
            config.routes.get("/v2/health/live", ctx -> ctx.json(java.util.Map.of("live", true)));
            config.routes.get("/v2/health/ready", ctx -> {
                boolean ready = scoring.ready() && scorer.running();
                ctx.status(ready ? 200 : 503).json(java.util.Map.of("ready", ready));
            });
        });
        app.start(host, port);
        return new MetricsEndpoint(app, app.port());
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        app.stop();
    }
}
