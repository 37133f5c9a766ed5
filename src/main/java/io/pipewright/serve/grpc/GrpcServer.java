package io.pipewright.serve.grpc;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.pipewright.serve.Scoring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}, see {@code grpc_predict_v2.proto})
 * on a {@link Scoring} that REST may share: same model copies, micro-batcher and metrics registry. A message over
 * the limit is refused by gRPC itself with RESOURCE_EXHAUSTED before it is read. Every call is timed in the shared
 * registry as {@code pipewright.grpc.requests} by method and status code (Prometheus:
 * {@code pipewright_grpc_requests_seconds}), calls refused by gRPC itself included.
 *
 * <p>{@link #close()} drains: the Scoring reports not ready at once, new calls are refused (UNAVAILABLE), calls
 * in flight finish (at most the drain time). It leaves the Scoring open: whoever made it closes it, after every
 * transport stopped.
 */
public final class GrpcServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GrpcServer.class);
    private static final String SERVICE = "inference.GRPCInferenceService/";
    /** The method tag's values: a name a client makes up is counted as "other", so that it cannot grow the registry. */
    private static final java.util.Set<String> METHODS = java.util.Set.of("ServerLive", "ServerReady", "ModelReady", "ServerMetadata", "ModelMetadata",
            "ModelInfer");

    private final Scoring scoring;
    private final int maxMessageBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private Duration drain = Duration.ofSeconds(30);
    private Server server;

    /** gRPC in front of {@code scoring}; a request message over {@code maxMessageBytes} is refused (REST's --max-body-bytes). */
    public GrpcServer(Scoring scoring, long maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("--max-body-bytes must be at least 1, not " + maxMessageBytes);
        }
        this.scoring = scoring;
        this.maxMessageBytes = (int) Math.min(Integer.MAX_VALUE, maxMessageBytes);
        Gauge.builder("pipewright.grpc.requests.in.flight", inFlight, AtomicInteger::get).description("gRPC calls being answered (what a drain waits for)")
                .register(scoring.registry());
    }

    /** How long {@link #close()} lets calls in flight finish. */
    public GrpcServer drain(Duration drain) {
        this.drain = drain;
        return this;
    }

    /** Starts listening on host:port (0 for any free port) and returns the port; the Scoring is started (warmed up) first. */
    public int start(String host, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--grpc-port must be between 0 and 65535, not " + port);
        }
        scoring.start();
        routeGrpcLogsToSlf4j();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).maxInboundMessageSize(maxMessageBytes)
                .addService(new InferenceService(scoring)).addStreamTracerFactory(new CallTracer()).build();
        try {
            server.start();
        } catch (IOException e) {
            server = null;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("--grpc-port: cannot listen on " + host + ":" + port + " (" + cause.getMessage() + ")", e);
        }
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** grpc-java logs through java.util.logging (a refused oversized message is a warning with a stack trace): into Pipewright's log instead. */
    private static synchronized void routeGrpcLogsToSlf4j() {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    /** Reports not ready, refuses new calls, and lets the calls in flight finish (at most the drain time); the Scoring stays open. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        scoring.notReady();
        server.shutdown();
        try {
            if (!server.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} gRPC calls still in flight after the drain of {} s: cancelled", inFlight.get(), drain.toSeconds());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        server = null;
    }

    private Timer timer(String method, Status.Code code) {
        return timers.computeIfAbsent(method + " " + code, key -> Timer.builder("pipewright.grpc.requests")
                .description("gRPC calls by method and status code").tag("method", method).tag("code", code.name())
                .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
                        Duration.ofMillis(3), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
                .register(scoring.registry()));
    }

    /**
     * Times every call from its headers to its status, whatever closed it: a stream tracer sees the calls gRPC refuses
     * before any handler runs (a message over the limit, an unknown method) which an interceptor would not.
     */
    private final class CallTracer extends ServerStreamTracer.Factory {
        @Override
        public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
            String name = fullMethodName.startsWith(SERVICE) ? fullMethodName.substring(SERVICE.length()) : fullMethodName;
            String method = METHODS.contains(name) ? name : "other";
            long started = System.nanoTime();
            inFlight.incrementAndGet();
            return new ServerStreamTracer() {
                private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

                @Override
                public void streamClosed(Status status) {
                    if (closed.compareAndSet(false, true)) {
                        inFlight.decrementAndGet();
                        timer(method, status.getCode()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    }
                }
            };
        }
    }
}
