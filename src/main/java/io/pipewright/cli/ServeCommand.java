package io.pipewright.cli;

import io.pipewright.serve.AliasFollower;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {"Serve a model over HTTP: the Open Inference Protocol (/v2), a records form (/v1/models/NAME:predict) and "
        + "Prometheus metrics (/metrics). Runs until stopped (Ctrl+C or SIGTERM).", "Exit 2 when the model cannot be loaded."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private PipewrightCommand root;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--artifact", paramLabel = "FILE", description = "A model artifact (.pwmodel).")
        Path artifact;

        @Option(names = "--model", paramLabel = "NAME[@ALIAS|:VERSION]", description = "A registered model: its latest version, an alias or a version.")
        String model;
    }

    @picocli.CommandLine.Mixin
    private OnlineStoreOptions online;

    @Option(names = "--host", paramLabel = "HOST", description = "The address to listen on (default: ${DEFAULT-VALUE}, loopback only).",
            defaultValue = "127.0.0.1")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).", defaultValue = "8080")
    private int port;

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "The largest request body accepted (default: ${DEFAULT-VALUE}, 10 MB).",
            defaultValue = "10485760")
    private long maxBody;

    @Option(names = "--drain-seconds", paramLabel = "S", description = "On SIGTERM, how long requests in flight may finish (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    private int drainSeconds;

    @Option(names = "--shadow", paramLabel = "ARTIFACT", description = "A second model to score every request with too: only the first answers; "
            + "/metrics records how often they agree and both prediction times.")
    private Path shadow;

    @Option(names = "--log-requests", paramLabel = "DIR", description = "Log every predicted row (features, prediction, time) to DIR/requests.jsonl, "
            + "rotated at --log-max-mb, the newest 5 rotated files kept (off by default).")
    private Path logRequests;

    @Option(names = "--log-max-mb", paramLabel = "MB", description = "The size a request log is rotated at (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    private long logMaxMb;

    @Option(names = "--max-batch", paramLabel = "N", description = "Group concurrent requests' rows into predictions of up to N rows "
            + "(default: ${DEFAULT-VALUE}; 1 predicts each request alone). A worker waits for more rows only while requests arrive together.",
            defaultValue = "16")
    private int maxBatch;

    @Option(names = "--max-latency-ms", paramLabel = "MS", description = "With --max-batch: the longest a request waits for others to join its batch "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private double maxLatencyMs;

    @Option(names = "--sha256", paramLabel = "HEX", description = "With --artifact: refuse to start unless the file's SHA-256 is HEX "
            + "(a deployment bundle's image passes the registered one).")
    private String sha256;

    @Option(names = "--drift-window", paramLabel = "ROWS", description = "The drift gauges compare the last ROWS rows served with the training rows "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    private int driftWindow;

    @picocli.CommandLine.Mixin
    private FollowOptions following;

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "Also serve the Open Inference Protocol over gRPC "
            + "(inference.GRPCInferenceService) on this port of --host, with the same model, batching and metrics (0 for any free port; off by default).")
    private Integer grpcPort;

    // A/B split and feedback: options, their checks, and variant b's loading
    @Option(names = "--ab", paramLabel = "ARTIFACT|NAME:VERSION", description = "Serve a second model as variant b of an A/B split (a model file, "
            + "or a registered NAME:VERSION or NAME@ALIAS); it must read the same features and answer with the same classes. Answers say which "
            + "variant answered (variant, X-Pipewright-Variant).")
    private String ab;

    @Option(names = "--split", paramLabel = "FRACTION", description = "With --ab: the share of requests variant b answers, between 0 and 1 (e.g. 0.1).")
    private Double split;

    @Option(names = "--split-key", paramLabel = "FEATURE|header:NAME", description = "With --ab: what keeps a user on one variant: a feature's value "
            + "(the request's first row) or a request header (header:X-User-Id); without it, or when a request lacks it, the request id (random).")
    private String splitKey;

    @Option(names = "--feedback-window", paramLabel = "ROWS", description = "Predicted rows kept in memory for the labels sent back to "
            + "/v1/models/NAME:feedback (default: ${DEFAULT-VALUE}; 0 for none); with --log-requests older ones are found in the log.",
            defaultValue = "100000")
    private int feedbackWindow;

    @Option(names = "--live-metrics-window", paramLabel = "LABELS", description = "The live metrics (pipewright_live_*) cover the last LABELS "
            + "labels of each model version and variant (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    private int liveMetricsWindow;

    /** Refuses A/B and feedback options that cannot work, before any model is read. */
    private void checkAbOptions() {
        if (ab == null && (split != null || splitKey != null)) {
            throw new IllegalArgumentException((split != null ? "--split" : "--split-key") + " goes with --ab (the second model of an A/B split)");
        }
        if (ab != null && split == null) {
            throw new IllegalArgumentException("--ab needs --split: the share of requests variant b answers (e.g. --split 0.1)");
        }
        if (split != null) {
            io.pipewright.serve.AbSplit.checkShare(split);
        }
        io.pipewright.serve.Scoring.checkFeedbackWindow(feedbackWindow, liveMetricsWindow);
    }

    /** Sets the feedback windows and, with --ab, loads variant b and splits the requests; says what the split does, or null. */
    private String abAndFeedback(io.pipewright.serve.Scoring scoring, Predictor primary) {
        scoring.feedbackWindow(feedbackWindow, liveMetricsWindow);
        if (ab == null) {
            return null;
        }
        var abSplit = io.pipewright.serve.AbSplit.of(split, splitKey, primary);
        Predictor b;
        int parallel = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        if (java.nio.file.Files.isRegularFile(Path.of(ab))) {
            b = Predictor.load(null, "1", Path.of(ab), parallel);
        } else if (ab.contains(":") || ab.contains("@")) {
            ModelRegistry.Version version;
            try {
                version = registered(ab, root);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("^--model: ", "--ab: "), e);
            }
            b = Predictor.load(version.name(), Integer.toString(version.version()), Path.of(version.artifactPath()), parallel);
        } else {
            throw new IllegalArgumentException("--ab: " + ab + " is neither a model file nor a registered NAME:VERSION");
        }
        scoring.ab(b, abSplit);
        return "A/B split: variant b is " + b.name() + " version " + b.version() + " (a: " + primary.name() + " version " + primary.version()
                + "), answering " + abSplit.describe();
    }

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        ModelServer.checkMaxBatch(maxBatch);
        if (!(maxLatencyMs >= 0) || maxLatencyMs > 60_000) {
            throw new IllegalArgumentException("--max-latency-ms must be between 0 and 60000, not " + maxLatencyMs);
        }
        if (driftWindow < 1 || driftWindow > 10_000_000) {
            throw new IllegalArgumentException("--drift-window must be between 1 and 10000000 rows, not " + driftWindow);
        }
        if (sha256 != null) {
            if (source.artifact == null) {
                throw new IllegalArgumentException("--sha256 goes with --artifact");
            }
            String actual = io.pipewright.export.ModelFacts.sha256(source.artifact);
            if (!actual.equalsIgnoreCase(sha256.strip())) {
                throw new IllegalArgumentException(source.artifact.getFileName() + ": SHA-256 " + actual + " does not match --sha256 " + sha256.strip()
                        + "; the model file was changed or replaced, it was not loaded");
            }
        }
        checkAbOptions();
        String followed = following.alias(source.model);
        Predictor predictor = load(source, root);
        var server = new ModelServer(predictor, maxBody).drain(java.time.Duration.ofSeconds(drainSeconds))
                .batching(maxBatch, java.time.Duration.ofNanos((long) (maxLatencyMs * 1e6))).driftWindow(driftWindow);
        String abLine = abAndFeedback(server.scoring(), predictor);
        String featuresLine = online.attach(server.scoring(), predictor, root);
        if (shadow != null) {
            server.shadow(Predictor.load(null, "1", shadow, 1));
        }
        if (logRequests != null) {
            server.log(new io.pipewright.serve.RequestLog(logRequests, logMaxMb * 1024 * 1024, 5));
        }
        int bound = server.start(host, port);
        var err = spec.commandLine().getErr();
        if (abLine != null) {
            err.println(abLine);
        }
        if (featuresLine != null) {
            err.println(featuresLine + "; GET /v1/features/VIEW/ENTITY");
        }
        err.println("serving " + predictor.name() + " (" + predictor.manifest().algorithm() + ") on http://" + host + ":" + bound
                + " — /v2/models/" + predictor.name() + ", /v1/models/" + predictor.name() + ":predict, /metrics");
        // following the alias: a daemon thread swaps in the version it names when it moves, stopped before the server
        AliasFollower follower = following.start(followed, server.scoring(), predictor, root, err);
        err.flush();
        // gRPC on the same Scoring as REST (same model copies, batcher, metrics); stopped first, so that REST's close
        // closes the Scoring only once no gRPC call can reach it
        io.pipewright.serve.grpc.GrpcServer grpc = null;
        if (grpcPort != null) {
            grpc = new io.pipewright.serve.grpc.GrpcServer(server.scoring(), maxBody).drain(java.time.Duration.ofSeconds(drainSeconds));
            try {
                int grpcBound = grpc.start(host, grpcPort);
                err.println("gRPC (Open Inference Protocol) on " + host + ":" + grpcBound);
                err.flush();
            } catch (RuntimeException e) {
                if (follower != null) {
                    follower.close();
                }
                server.close();
                throw e;
            }
        }
        var grpcServer = java.util.Optional.ofNullable(grpc);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            grpcServer.ifPresent(io.pipewright.serve.grpc.GrpcServer::close);
            if (follower != null) {
                follower.close();
            }
            server.close();
            stopped.countDown();
        }, "pipewright-serve-stop"));
        stopped.await();
        return Cli.OK;
    }

    /** The registered version a --model option names (serve, score and export share it). */
    static ModelRegistry.Version registered(String reference, PipewrightCommand root) {
        try (Store store = root.openStore()) {
            return new ModelRegistry(store, java.time.Clock.systemUTC()).find(reference)
                    .orElseThrow(() -> new IllegalArgumentException("--model: no registered model version " + reference));
        }
    }

    /** The model an --artifact or --model option names (serve and score share them). */
    static Predictor load(Source source, PipewrightCommand root) {
        // as many copies of the model as requests predicted at once (the learners do not all share safely)
        int parallel = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        if (source.artifact != null) {
            return Predictor.load(null, "1", source.artifact, parallel);
        }
        ModelRegistry.Version version = registered(source.model, root);
        return Predictor.load(version.name(), Integer.toString(version.version()), Path.of(version.artifactPath()), parallel);
    }
}
