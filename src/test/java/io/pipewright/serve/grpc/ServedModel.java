package io.pipewright.serve.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.pipewright.serve.ModelServer;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.grpc.proto.GRPCInferenceServiceGrpc;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** A model served by REST and gRPC on one Scoring, both on loopback, with a gRPC client: what the gRPC tests compare. */
record ServedModel(Predictor predictor, ModelServer rest, GrpcServer grpc, int grpcPort, String restBase, ManagedChannel channel) implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** "credit": a random forest classifier of x (numeric) and colour (categorical), labels no/yes. */
    static Predictor credit(Path dir) {
        var model = Trainer.fit(io.pipewright.train.ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null,
                List.of(), 5, "abc", List.of(), null), TrainingListener.NONE);
        Path file = dir.resolve("credit" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "credit", Map.of(), "test", file);
        return Predictor.load("credit", "1", file, 2);
    }

    /** "housing": a random forest regression of three numeric features f0, f1, f2. */
    static Predictor housing(Path dir) {
        var random = new Random(3);
        var f0 = DoubleColumn.create("f0");
        var f1 = DoubleColumn.create("f1");
        var f2 = DoubleColumn.create("f2");
        var price = DoubleColumn.create("price");
        for (int i = 0; i < 300; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            f0.append(a);
            f1.append(b);
            f2.append(c);
            price.append(100 + 10 * a - 5 * b + 2 * c + random.nextGaussian());
        }
        var model = Trainer.fit(Table.create("housing", f0, f1, f2, price), null, new Trainer.Request("price", "random_forest", Map.of(), null,
                List.of(), 5, null, List.of(), null), TrainingListener.NONE);
        Path file = dir.resolve("housing" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "housing", Map.of(), "test", file);
        return Predictor.load("housing", "1", file, 2);
    }

    /** REST and gRPC on one Scoring, each refusing a message over {@code maxBytes}. */
    static ServedModel start(Predictor predictor, long maxBytes) {
        var scoring = new Scoring(predictor).batching(8, java.time.Duration.ofMillis(1));
        var rest = new ModelServer(scoring, maxBytes);
        int restPort = rest.start("127.0.0.1", 0);
        var grpc = new GrpcServer(scoring, maxBytes);
        int grpcPort = grpc.start("127.0.0.1", 0);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, InsecureChannelCredentials.create()).build();
        return new ServedModel(predictor, rest, grpc, grpcPort, "http://127.0.0.1:" + restPort, channel);
    }

    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(restBase + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(restBase + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POSTs a JSON body to REST; the answer's JSON (a test asserts it was a 200). */
    JsonNode post(String path, String body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(restBase + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("REST answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        grpc.close();
        rest.close();
    }
}
