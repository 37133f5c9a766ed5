package io.pipewright.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.grpc.GrpcServer;
import io.pipewright.serve.grpc.proto.GRPCInferenceServiceGrpc;
import io.pipewright.serve.grpc.proto.InferTensorContents;
import io.pipewright.serve.grpc.proto.ModelInferRequest;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * gRPC ModelInfer against REST {@code POST /v2/models/NAME/infer} on the same model, the same server process and the
 * same Scoring (as {@code serve --grpc-port} runs them: --max-batch 16, --max-latency-ms 1), driven by the same
 * closed-loop load generator: 16 client threads, each sending its next request when the last was answered, one
 * row of 20 features as one row-major [1, 20] FP64 tensor (JSON on REST, protobuf on gRPC), a random forest of 100
 * trees. Each transport is warmed up for 5 s, then measured; the two alternate twice (REST, gRPC, REST, gRPC), so
 * that a drift of the machine shows as a difference between rounds. Prints throughput, p50 and p99 of each round,
 * and the ratio gRPC / REST. Client and server share the machine's cores, as in ServeBenchmark.
 *
 * <pre>mvn -q test-compile exec:exec -Dbench=GrpcBenchmark</pre>  (argument: seconds per measurement, 20 by default)
 */
public final class GrpcBenchmark {
    private static final int CLIENTS = 16;

    private GrpcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("pipewright-grpc-bench");
        var random = new Random(11);
        var columns = new ArrayList<Column<?>>();
        double[] row = new double[20];
        for (int f = 0; f < 20; f++) {
            var column = DoubleColumn.create("f" + f);
            for (int r = 0; r < 5_000; r++) {
                column.append(random.nextGaussian());
            }
            columns.add(column);
            row[f] = random.nextGaussian();
        }
        var label = StringColumn.create("label");
        for (int r = 0; r < 5_000; r++) {
            double score = 0;
            for (int f = 0; f < 5; f++) {
                score += ((DoubleColumn) columns.get(f)).get(r);
            }
            label.append(score > 0 ? "yes" : "no");
        }
        columns.add(label);
        var model = Trainer.fit(Table.create("bench", columns), null, new Trainer.Request("label", "random_forest", Map.of("trees", 100), null, List.of(), 11,
                null, List.of(), null), TrainingListener.NONE);
        Path artifact = dir.resolve("forest" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "forest", Map.of(), "bench", artifact);
        var predictor = Predictor.load("forest", "1", artifact, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));

        var scoring = new Scoring(predictor).batching(16, java.time.Duration.ofMillis(1));
        var rest = new ModelServer(scoring, ModelServer.DEFAULT_MAX_BODY);
        int restPort = rest.start("127.0.0.1", 0);
        var grpc = new GrpcServer(scoring, ModelServer.DEFAULT_MAX_BODY);
        int grpcPort = grpc.start("127.0.0.1", 0);

        String body = "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 20], \"datatype\": \"FP64\", \"data\": " + Arrays.toString(row) + "}]}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest restRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/v2/models/forest/infer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Callable<Boolean> restCall = () -> http.send(restRequest, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;

        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, InsecureChannelCredentials.create()).build();
        var contents = InferTensorContents.newBuilder();
        Arrays.stream(row).forEach(contents::addFp64Contents);
        ModelInferRequest grpcRequest = ModelInferRequest.newBuilder().setModelName("forest")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP64").addShape(1).addShape(20).setContents(contents))
                .build();
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        Callable<Boolean> grpcCall = () -> stub.modelInfer(grpcRequest).getOutputsCount() == 2;

        var results = new ArrayList<String>();
        double[][] rounds = new double[4][];
        try {
            for (int round = 0; round < 4; round++) {
                boolean isRest = round % 2 == 0;
                Callable<Boolean> call = isRest ? restCall : grpcCall;
                load(call, 5);
                rounds[round] = load(call, seconds);
                results.add(String.format(Locale.US, "round %d %-34s %,8.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d failed", round / 2 + 1,
                        isRest ? "REST POST /v2/models/forest/infer:" : "gRPC ModelInfer:", rounds[round][0], rounds[round][1], rounds[round][2],
                        (long) rounds[round][3]));
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            grpc.close();
            rest.close();
        }
        System.out.printf(Locale.US, "random forest (100 trees, 20 features), one row per request, %d client threads, %d s per round, batching 16 / 1 ms, %d cores%n",
                CLIENTS, seconds, Runtime.getRuntime().availableProcessors());
        results.forEach(System.out::println);
        double restThroughput = (rounds[0][0] + rounds[2][0]) / 2;
        double grpcThroughput = (rounds[1][0] + rounds[3][0]) / 2;
        double restP99 = (rounds[0][2] + rounds[2][2]) / 2;
        double grpcP99 = (rounds[1][2] + rounds[3][2]) / 2;
        System.out.printf(Locale.US, "mean of two rounds: REST %,.0f requests/s, p99 %.2f ms; gRPC %,.0f requests/s, p99 %.2f ms; "
                + "ratio gRPC / REST: throughput %.2f, p99 %.2f%n", restThroughput, restP99, grpcThroughput, grpcP99, grpcThroughput / restThroughput,
                grpcP99 / restP99);
    }

    /** {@link #CLIENTS} threads calling back to back for some seconds: requests/s, p50 and p99 in ms, failures. */
    private static double[] load(Callable<Boolean> call, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        var latencies = new long[CLIENTS][];
        var counts = new int[CLIENTS];
        var failures = new long[CLIENTS];
        var threads = new ArrayList<Thread>();
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            latencies[client] = new long[1 << 16];
            var thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    long elapsed = System.nanoTime() - t;
                    if (!ok) {
                        failures[client]++;
                        continue;
                    }
                    if (counts[client] == latencies[client].length) {
                        latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                    }
                    latencies[client][counts[client]++] = elapsed;
                }
            }, "load-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double wall = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < CLIENTS; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new double[] {total / wall, all[(int) (total * 0.50)] / 1e6, all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
                Arrays.stream(failures).sum()};
    }
}
