package io.pipewright.serve.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pipewright.Await;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.grpc.proto.GRPCInferenceServiceGrpc;
import io.pipewright.serve.grpc.proto.InferTensorContents;
import io.pipewright.serve.grpc.proto.ModelInferRequest;
import io.pipewright.serve.grpc.proto.ModelInferResponse;
import io.pipewright.serve.grpc.proto.ModelMetadataRequest;
import io.pipewright.serve.grpc.proto.ModelMetadataResponse;
import io.pipewright.serve.grpc.proto.ModelReadyRequest;
import io.pipewright.serve.grpc.proto.ServerLiveRequest;
import io.pipewright.serve.grpc.proto.ServerMetadataRequest;
import io.pipewright.serve.grpc.proto.ServerReadyRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Open Inference Protocol over gRPC, with grpc-java's own client against a real server on loopback that shares
 * its Scoring with REST: every RPC, both tensor layouts, typed and raw contents, every status a client's mistake
 * gets, and answers equal to REST's /v2 for the same rows.
 */
class GrpcServerTest {
    @TempDir
    static Path dir;

    private static ServedModel credit;
    private static ServedModel housing;

    @BeforeAll
    static void start() {
        credit = ServedModel.start(ServedModel.credit(dir), 2_000);
        housing = ServedModel.start(ServedModel.housing(dir), 2_000);
    }

    @AfterAll
    static void stop() throws Exception {
        credit.close();
        housing.close();
    }

    static ModelInferRequest.InferInputTensor tensor(String name, String datatype, List<Long> shape, Consumer<InferTensorContents.Builder> values) {
        var contents = InferTensorContents.newBuilder();
        values.accept(contents);
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addAllShape(shape).setContents(contents).build();
    }

    static ModelInferRequest.InferInputTensor fp64(String name, double... values) {
        return tensor(name, "FP64", List.of((long) values.length), contents -> {
            for (double value : values) {
                contents.addFp64Contents(value);
            }
        });
    }

    static ModelInferRequest.InferInputTensor bytes(String name, String... values) {
        return tensor(name, "BYTES", List.of((long) values.length), contents -> {
            for (String value : values) {
                contents.addBytesContents(ByteString.copyFromUtf8(value));
            }
        });
    }

    static ModelInferRequest.Builder infer(String model, ModelInferRequest.InferInputTensor... inputs) {
        return ModelInferRequest.newBuilder().setModelName(model).addAllInputs(List.of(inputs));
    }

    private static List<String> texts(ModelInferResponse.InferOutputTensor output) {
        return output.getContents().getBytesContentsList().stream().map(ByteString::toStringUtf8).toList();
    }

    private static List<Double> doubles(JsonNode data) {
        return StreamSupport.stream(data.spliterator(), false).map(JsonNode::asDouble).toList();
    }

    private static List<String> strings(JsonNode data) {
        return StreamSupport.stream(data.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static StatusRuntimeException refused(Runnable call) {
        var refusal = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refusal).as("the call is refused with a status").isNotNull();
        return refusal;
    }

    private static void assertRefused(Status.Code code, String message, Runnable call) {
        var refusal = refused(call);
        assertThat(refusal.getStatus().getCode()).as(message).isEqualTo(code);
        assertThat(refusal.getStatus().getDescription()).isEqualTo(message);
    }

    @Test
    void healthServerAndModelMetadataAgreeWithRest() throws Exception {
        var stub = credit.stub();
        assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).as("warmed up before start returned").isTrue();
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("credit").build()).getReady()).isTrue();
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("credit").setVersion("1").build()).getReady()).isTrue();
        var server = stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertThat(server.getName()).isEqualTo("pipewright");
        assertThat(server.getVersion()).isNotBlank();

        ModelMetadataResponse metadata = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("credit").build());
        JsonNode rest = credit.get("/v2/models/credit");
        assertThat(metadata.getName()).isEqualTo("credit");
        assertThat(metadata.getVersionsList()).containsExactly("1");
        assertThat(metadata.getPlatform()).isEqualTo("pipewright");
        assertThat(metadata.getInputsList()).extracting(input -> input.getName() + ":" + input.getDatatype() + ":" + input.getShapeList())
                .containsExactly("x:FP64:[-1]", "colour:BYTES:[-1]")
                .containsExactlyElementsOf(StreamSupport.stream(rest.path("inputs").spliterator(), false)
                        .map(input -> input.path("name").asText() + ":" + input.path("datatype").asText() + ":" + input.path("shape").toString().replace(",", ", "))
                        .toList());
        assertThat(metadata.getOutputsList()).extracting(output -> output.getName() + ":" + output.getDatatype() + ":" + output.getShapeList())
                .containsExactly("predictions:BYTES:[-1]", "probabilities:FP64:[-1, 2]");

        var regression = housing.stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("housing").build());
        assertThat(regression.getOutputsList()).extracting(output -> output.getName() + ":" + output.getDatatype()).containsExactly("predictions:FP64");
    }

    @Test
    void namedTensorsAnswerAsRestDoes() throws Exception {
        var response = credit.stub().modelInfer(infer("credit", fp64("x", 1.5, -2.0, 0.25), bytes("colour", "red", "blue", "green")).setId("r1").build());
        JsonNode rest = credit.post("/v2/models/credit/infer", """
                {"inputs": [{"name": "x", "shape": [3], "datatype": "FP64", "data": [1.5, -2.0, 0.25]},
                            {"name": "colour", "shape": [3], "datatype": "BYTES", "data": ["red", "blue", "green"]}]}""");
        assertThat(response.getId()).isEqualTo("r1");
        assertThat(response.getModelName()).isEqualTo("credit");
        assertThat(response.getModelVersion()).as("the version that produced it").isEqualTo("1").isEqualTo(rest.path("model_version").asText());
        assertThat(response.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("predictions", "probabilities");
        var predictions = response.getOutputs(0);
        assertThat(predictions.getDatatype()).isEqualTo("BYTES");
        assertThat(predictions.getShapeList()).containsExactly(3L);
        assertThat(texts(predictions)).containsExactlyElementsOf(strings(rest.path("outputs").get(0).path("data")));
        var probabilities = response.getOutputs(1);
        assertThat(probabilities.getShapeList()).containsExactly(3L, 2L);
        assertThat(probabilities.getParametersMap().get("labels").getStringParam()).isEqualTo("[\"no\",\"yes\"]");
        assertThat(probabilities.getContents().getFp64ContentsList()).as("bit for bit REST's probabilities")
                .containsExactlyElementsOf(doubles(rest.path("outputs").get(1).path("data")));

        var unnamed = credit.stub().modelInfer(infer("credit", fp64("x", 1.5), bytes("colour", "red")).build());
        var again = credit.stub().modelInfer(infer("credit", fp64("x", 1.5), bytes("colour", "red")).build());
        assertThat(unnamed.getId()).as("an id made by the server when the request has none").isNotBlank().isNotEqualTo(again.getId());

        var onlyProbabilities = credit.stub().modelInfer(infer("credit", fp64("x", 1.5), bytes("colour", "red"))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities")).build());
        assertThat(onlyProbabilities.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("probabilities");
    }

    @Test
    void oneRowMajorTensorAnswersAsRestAndAsNamedTensors() throws Exception {
        var rowMajor = tensor("input", "FP64", List.of(2L, 3L), contents -> contents.addAllFp64Contents(List.of(0.5, -1.0, 2.0, -0.75, 0.0, 1.25)));
        var response = housing.stub().modelInfer(infer("housing", rowMajor).build());
        JsonNode rest = housing.post("/v2/models/housing/infer", """
                {"inputs": [{"name": "input", "shape": [2, 3], "datatype": "FP64", "data": [[0.5, -1.0, 2.0], [-0.75, 0.0, 1.25]]}]}""");
        var named = housing.stub().modelInfer(infer("housing", fp64("f0", 0.5, -0.75), fp64("f1", -1.0, 0.0), fp64("f2", 2.0, 1.25)).build());
        assertThat(response.getOutputsList()).as("a regression has no probabilities").hasSize(1);
        var predictions = response.getOutputs(0);
        assertThat(predictions.getDatatype()).isEqualTo("FP64");
        assertThat(predictions.getShapeList()).containsExactly(2L);
        assertThat(predictions.getContents().getFp64ContentsList()).containsExactlyElementsOf(doubles(rest.path("outputs").get(0).path("data")))
                .containsExactlyElementsOf(named.getOutputs(0).getContents().getFp64ContentsList());
        assertThat(response.getModelVersion()).isEqualTo("1");
    }

    /** INT64, INT32, FP32 and raw little-endian contents read as the same numbers REST reads from JSON; raw BYTES are length-prefixed. */
    @Test
    void typedAndRawContentsAnswerAsRestDoes() throws Exception {
        JsonNode rest = housing.post("/v2/models/housing/infer", """
                {"inputs": [{"name": "f0", "data": [1, -2]}, {"name": "f1", "data": [0.5, -1.25]}, {"name": "f2", "data": [3, 0]}]}""");
        List<Double> expected = doubles(rest.path("outputs").get(0).path("data"));
        var typed = housing.stub().modelInfer(infer("housing",
                tensor("f0", "INT64", List.of(2L), contents -> contents.addAllInt64Contents(List.of(1L, -2L))),
                tensor("f1", "FP32", List.of(2L), contents -> contents.addAllFp32Contents(List.of(0.5f, -1.25f))),
                tensor("f2", "INT32", List.of(2L, 1L), contents -> contents.addAllIntContents(List.of(3, 0)))).build());
        assertThat(typed.getOutputs(0).getContents().getFp64ContentsList()).containsExactlyElementsOf(expected);

        var raw = ModelInferRequest.newBuilder().setModelName("housing")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("f0").setDatatype("INT64").addShape(2))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("f1").setDatatype("FP64").addShape(2))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("f2").setDatatype("FP16").addShape(2))
                .addRawInputContents(little(8, buffer -> buffer.putLong(1).putLong(-2)))
                .addRawInputContents(little(8, buffer -> buffer.putDouble(0.5).putDouble(-1.25)))
                .addRawInputContents(little(2, buffer -> buffer.putShort((short) 0x4200).putShort((short) 0))) // 3.0 and 0.0 in half precision
                .build();
        assertThat(housing.stub().modelInfer(raw).getOutputs(0).getContents().getFp64ContentsList()).containsExactlyElementsOf(expected);

        JsonNode restCredit = credit.post("/v2/models/credit/infer", """
                {"inputs": [{"name": "x", "data": [0.75, -0.5]}, {"name": "colour", "data": ["blue", "red"]}]}""");
        var rawText = ModelInferRequest.newBuilder().setModelName("credit")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32").addShape(2))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("colour").setDatatype("BYTES").addShape(2))
                .addRawInputContents(little(4, buffer -> buffer.putFloat(0.75f).putFloat(-0.5f)))
                .addRawInputContents(lengthPrefixed("blue", "red"))
                .build();
        var answer = credit.stub().modelInfer(rawText);
        assertThat(texts(answer.getOutputs(0))).containsExactlyElementsOf(strings(restCredit.path("outputs").get(0).path("data")));
        assertThat(answer.getOutputs(1).getContents().getFp64ContentsList()).containsExactlyElementsOf(doubles(restCredit.path("outputs").get(1).path("data")));
    }

    static ByteString little(int width, Consumer<ByteBuffer> values) {
        var buffer = ByteBuffer.allocate(2 * width).order(ByteOrder.LITTLE_ENDIAN);
        values.accept(buffer);
        return ByteString.copyFrom(buffer.array(), 0, buffer.position());
    }

    static ByteString lengthPrefixed(String... texts) {
        var out = ByteString.newOutput();
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array(), 0, 4);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteString();
    }

    /** Each mistake gets its status and a message naming the field: never UNKNOWN or INTERNAL. */
    @Test
    void everyClientMistakeGetsItsStatusNamingTheField() throws Exception {
        var stub = credit.stub();
        var x = fp64("x", 1.5);
        var colour = bytes("colour", "red");
        assertRefused(Status.Code.NOT_FOUND, "no model named 'housing' (this server has 'credit')", () -> stub.modelInfer(infer("housing", x, colour).build()));
        assertRefused(Status.Code.NOT_FOUND, "no version '7' of model 'credit' (this server serves version 1)",
                () -> stub.modelInfer(infer("credit", x, colour).setModelVersion("7").build()));
        assertRefused(Status.Code.NOT_FOUND, "no model named 'housing' (this server has 'credit')",
                () -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("housing").build()));
        assertRefused(Status.Code.NOT_FOUND, "no model named 'housing' (this server has 'credit')",
                () -> stub.modelReady(ModelReadyRequest.newBuilder().setName("housing").build()));
        assertRefused(Status.Code.INVALID_ARGUMENT, "model_name: a model name is required (this server has 'credit')",
                () -> stub.modelInfer(infer("", x, colour).build()));

        List<Object[]> cases = List.of(
                new Object[] {"inputs: expected one tensor per feature, or one [rows, features] tensor of every feature", infer("credit")},
                new Object[] {"unknown feature age", infer("credit", x, colour, fp64("age", 30))},
                new Object[] {"missing feature colour", infer("credit", x)},
                new Object[] {"wrong type for x (numeric)", infer("credit", bytes("x", "high"), colour)},
                new Object[] {"x: NaN is not a number a model can use; send null for a missing value", infer("credit", fp64("x", Double.NaN), colour)},
                new Object[] {"x: shape [3] needs 3 values, not 1", infer("credit", tensor("x", "FP64", List.of(3L), c -> c.addFp64Contents(1)), colour)},
                new Object[] {"x: shape [-1] has a negative dimension", infer("credit", tensor("x", "FP64", List.of(-1L), c -> c.addFp64Contents(1)), colour)},
                new Object[] {"x: shape [1, 2]: a feature's tensor is [rows] or [rows, 1] (or send one [rows, features] tensor of every feature)",
                        infer("credit", tensor("x", "FP64", List.of(1L, 2L), c -> c.addFp64Contents(1).addFp64Contents(2)), colour)},
                new Object[] {"colour: 2 values, but the other inputs have 1", infer("credit", x, bytes("colour", "red", "blue"))},
                new Object[] {"x: given twice", infer("credit", x, x, colour)},
                new Object[] {"x: datatype FP64 carries its values in fp64_contents, not int64_contents",
                        infer("credit", tensor("x", "FP64", List.of(1L), c -> c.addInt64Contents(1)), colour)},
                new Object[] {"x: datatype 'FLOAT' is not one of BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64, BYTES",
                        infer("credit", tensor("x", "FLOAT", List.of(1L), c -> c.addFp64Contents(1)), colour)},
                new Object[] {"x: 300 is out of range for INT8", infer("credit", tensor("x", "INT8", List.of(1L), c -> c.addIntContents(300)), colour)},
                new Object[] {"colour: element 0 is not UTF-8 text", infer("credit", x,
                        tensor("colour", "BYTES", List.of(1L), c -> c.addBytesContents(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xfe}))))},
                new Object[] {"outputs: no output named 'scores' (this model has predictions, probabilities)",
                        infer("credit", x, colour).addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("scores"))},
                new Object[] {"raw_input_contents: 1 entries for 2 inputs; give one per input, in the order of inputs",
                        ModelInferRequest.newBuilder().setModelName("credit").addInputs(x.toBuilder().clearContents()).addInputs(colour.toBuilder().clearContents())
                                .addRawInputContents(little(8, buffer -> buffer.putDouble(1)))},
                new Object[] {"x: contents and raw_input_contents cannot both be given",
                        ModelInferRequest.newBuilder().setModelName("credit").addInputs(x)
                                .addRawInputContents(little(8, buffer -> buffer.putDouble(1)))},
                new Object[] {"x: raw_input_contents has 7 bytes, not a whole number of 8-byte FP64 elements",
                        ModelInferRequest.newBuilder().setModelName("credit").addInputs(x.toBuilder().clearContents())
                                .addRawInputContents(ByteString.copyFrom(new byte[7]))},
                new Object[] {"colour: raw_input_contents element 0 says 9 bytes, but 3 remain",
                        ModelInferRequest.newBuilder().setModelName("credit").addInputs(x.toBuilder().clearContents()).addInputs(colour.toBuilder().clearContents())
                                .addRawInputContents(little(8, buffer -> buffer.putDouble(1)))
                                .addRawInputContents(little(4, buffer -> buffer.putInt(9).put("red".getBytes(StandardCharsets.UTF_8))))});
        for (Object[] mistake : cases) {
            String message = (String) mistake[0];
            ModelInferRequest request = ((ModelInferRequest.Builder) mistake[1]).build();
            assertRefused(Status.Code.INVALID_ARGUMENT, message, () -> stub.modelInfer(request));
        }

        var rowMajorText = tensor("input", "BYTES", List.of(1L, 2L), c -> c.addBytesContents(ByteString.copyFromUtf8("1.5")).addBytesContents(ByteString.copyFromUtf8("red")));
        assertRefused(Status.Code.INVALID_ARGUMENT, "wrong type for x (numeric)", () -> stub.modelInfer(infer("credit", rowMajorText).build()));

        var big = new ArrayList<Double>();
        for (int i = 0; i < 300; i++) {
            big.add(1.0);
        }
        var tooBig = refused(() -> stub.modelInfer(infer("credit", tensor("x", "FP64", List.of(300L), c -> c.addAllFp64Contents(big)), colour).build()));
        assertThat(tooBig.getStatus().getCode()).as("a message over the limit of 2,000 bytes").isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(tooBig.getStatus().getDescription()).contains("2000");

        // a call is timed when its stream closes, which can come after the client has its answer
        Await.until("the refused call to be timed", Duration.ofSeconds(10),
                () -> credit.metrics().contains("pipewright_grpc_requests_seconds_count{code=\"RESOURCE_EXHAUSTED\",method=\"ModelInfer\"}"));
        String metrics = credit.metrics();
        assertThat(metrics).as("gRPC calls in the registry REST's /metrics scrapes, by method and code")
                .contains("pipewright_grpc_requests_seconds_count{code=\"INVALID_ARGUMENT\",method=\"ModelInfer\"}")
                .contains("pipewright_grpc_requests_seconds_count{code=\"NOT_FOUND\",method=\"ModelMetadata\"}")
                .contains("pipewright_grpc_requests_seconds_count{code=\"RESOURCE_EXHAUSTED\",method=\"ModelInfer\"}")
                .doesNotContain("code=\"UNKNOWN\"").doesNotContain("code=\"INTERNAL\"");
    }

    /** close() reports not ready, refuses new calls, and lets the call in flight finish before it returns. */
    @Test
    void closeLetsTheCallInFlightFinish() throws Exception {
        var scoring = new Scoring(credit.predictor());
        var grpc = new GrpcServer(scoring, 10_000).drain(Duration.ofSeconds(30));
        int port = grpc.start("127.0.0.1", 0);
        var channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", port, io.grpc.InsecureChannelCredentials.create()).build();
        try {
            // a call held in flight: started, its request not sent until close() has begun (declared streaming on this side
            // only, so that its headers go out at once: a unary call's wait for its message)
            var streaming = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder().setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING).build();
            ClientCall<ModelInferRequest, ModelInferResponse> call = channel.newCall(streaming, CallOptions.DEFAULT);
            var answer = new CompletableFuture<ModelInferResponse>();
            var closed = new CompletableFuture<Status>();
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(ModelInferResponse message) {
                    answer.complete(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    closed.complete(status);
                }
            }, new Metadata());
            call.request(1);
            Await.until("the call in flight", Duration.ofSeconds(20), () -> scoring.registry().scrape().contains("pipewright_grpc_requests_in_flight 1.0"));

            var closing = CompletableFuture.runAsync(grpc::close);
            Await.until("not ready", Duration.ofSeconds(20), () -> !scoring.ready());
            Thread.sleep(300);
            assertThat(closing).as("still draining: a call is in flight").isNotDone();

            call.sendMessage(infer("credit", fp64("x", 1.5), bytes("colour", "red")).build());
            call.halfClose();
            assertThat(closed.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
            assertThat(texts(answer.get().getOutputs(0))).containsExactly(String.valueOf(credit.predictor().predict(
                    List.of(java.util.Map.of("x", 1.5, "colour", "red"))).predictions().get(0)));
            closing.get(20, TimeUnit.SECONDS);

            var late = refused(() -> GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance()));
            assertThat(late.getStatus().getCode()).as("a call after the stop").isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            grpc.close();
            scoring.close();
        }
    }
}
