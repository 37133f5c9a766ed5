package io.pipewright.serve.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import io.pipewright.serve.grpc.proto.GRPCInferenceServiceGrpc;
import io.pipewright.serve.grpc.proto.InferParameter;
import io.pipewright.serve.grpc.proto.InferTensorContents;
import io.pipewright.serve.grpc.proto.ModelInferRequest;
import io.pipewright.serve.grpc.proto.ModelInferResponse;
import io.pipewright.serve.grpc.proto.ModelMetadataRequest;
import io.pipewright.serve.grpc.proto.ModelMetadataResponse;
import io.pipewright.serve.grpc.proto.ModelReadyRequest;
import io.pipewright.serve.grpc.proto.ModelReadyResponse;
import io.pipewright.serve.grpc.proto.ServerLiveRequest;
import io.pipewright.serve.grpc.proto.ServerLiveResponse;
import io.pipewright.serve.grpc.proto.ServerMetadataRequest;
import io.pipewright.serve.grpc.proto.ServerMetadataResponse;
import io.pipewright.serve.grpc.proto.ServerReadyRequest;
import io.pipewright.serve.grpc.proto.ServerReadyResponse;
import io.pipewright.train.ModelArtifact;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol's {@code inference.GRPCInferenceService} on a {@link Scoring}: the same version,
 * model copies, micro-batcher, schema check and metrics as REST's {@code /v2}, and the same answers. A client's
 * mistake is INVALID_ARGUMENT naming the field (the schema's message, as REST's 422), an unknown model or version
 * NOT_FOUND; only a failure of the server itself is INTERNAL, its detail in the log.
 */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InferenceService.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final String PREDICTIONS = "predictions";
    static final String PROBABILITIES = "probabilities";

    private final Scoring scoring;
    private final String serverVersion = io.pipewright.home.BuildInfo.load().version();

    InferenceService(Scoring scoring) {
        this.scoring = scoring;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> observer) {
        answer(observer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> observer) {
        answer(observer, () -> ServerReadyResponse.newBuilder().setReady(scoring.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> observer) {
        answer(observer, () -> {
            known(request.getName(), request.getVersion(), "name");
            return ModelReadyResponse.newBuilder().setReady(scoring.ready()).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> observer) {
        answer(observer, () -> ServerMetadataResponse.newBuilder().setName("pipewright").setVersion(serverVersion).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> observer) {
        answer(observer, () -> {
            Predictor predictor = known(request.getName(), request.getVersion(), "name");
            var metadata = ModelMetadataResponse.newBuilder().setName(predictor.name()).addVersions(predictor.version()).setPlatform("pipewright");
            for (ModelArtifact.Input feature : predictor.features()) {
                metadata.addInputs(tensor(feature.name(), datatype(feature.type())).addShape(-1));
            }
            metadata.addOutputs(tensor(PREDICTIONS, predictor.classifier() ? "BYTES" : "FP64").addShape(-1));
            if (predictor.classifier()) {
                metadata.addOutputs(tensor(PROBABILITIES, "FP64").addShape(-1).addShape(predictor.labels().size()));
            }
            return metadata.build();
        });
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
        answer(observer, () -> infer(request));
    }

    private ModelInferResponse infer(ModelInferRequest request) {
        Predictor serving = known(request.getModelName(), request.getModelVersion(), "model_name");
        Set<String> wanted = requestedOutputs(request, serving);
        List<java.util.Map<String, Object>> records = InputTensors.records(request, serving.features());
        Scoring.Scored scored = scoring.score(records, request.getId().isEmpty() ? null : request.getId());
        Predictor predictor = scored.predictor();
        Predictor.Prediction prediction = scored.prediction();
        int rows = records.size();
        var response = ModelInferResponse.newBuilder().setModelName(predictor.name()).setModelVersion(scored.version()).setId(scored.id());
        if (scoring.split() != null) {
            // an A/B split (serve --ab): which variant answered, as REST's "variant"
            response.putParameters("variant", InferParameter.newBuilder().setStringParam(scored.variant()).build());
        }
        if (wanted.contains(PREDICTIONS)) {
            var contents = InferTensorContents.newBuilder();
            for (Object value : prediction.predictions()) {
                if (predictor.classifier()) {
                    contents.addBytesContents(ByteString.copyFrom(String.valueOf(value), StandardCharsets.UTF_8));
                } else {
                    contents.addFp64Contents(((Number) value).doubleValue());
                }
            }
            response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(PREDICTIONS)
                    .setDatatype(predictor.classifier() ? "BYTES" : "FP64").addShape(rows).setContents(contents));
        }
        if (wanted.contains(PROBABILITIES) && prediction.probabilities() != null) {
            var contents = InferTensorContents.newBuilder();
            for (double[] row : prediction.probabilities()) {
                for (double p : row) {
                    contents.addFp64Contents(p);
                }
            }
            // the metadata has no place for the class labels: the probabilities' columns are named here, as a JSON array
            String labels = JSON.valueToTree(predictor.labels()).toString();
            response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(PROBABILITIES).setDatatype("FP64").addShape(rows)
                    .addShape(predictor.labels().size()).putParameters("labels", InferParameter.newBuilder().setStringParam(labels).build())
                    .setContents(contents));
        }
        return response.build();
    }

    /** The outputs a request names (every output when it names none); an output the model does not have is the client's mistake. */
    private static Set<String> requestedOutputs(ModelInferRequest request, Predictor predictor) {
        var available = new LinkedHashSet<String>(List.of(PREDICTIONS));
        if (predictor.classifier()) {
            available.add(PROBABILITIES);
        }
        if (request.getOutputsCount() == 0) {
            return available;
        }
        var wanted = new LinkedHashSet<String>();
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            if (!available.contains(output.getName())) {
                throw new Predictor.InvalidInput("outputs: no output named '" + output.getName() + "' (this model has " + String.join(", ", available) + ")");
            }
            wanted.add(output.getName());
        }
        return wanted;
    }

    /** The version serving now, if the request names its model (and, when it names one, its version); NOT_FOUND otherwise. */
    private Predictor known(String name, String version, String field) {
        Predictor predictor = scoring.predictor();
        if (name.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription(field + ": a model name is required (this server has '" + predictor.name() + "')")
                    .asRuntimeException();
        }
        if (!predictor.name().equals(name)) {
            throw Status.NOT_FOUND.withDescription("no model named '" + name + "' (this server has '" + predictor.name() + "')").asRuntimeException();
        }
        if (!version.isEmpty() && !predictor.version().equals(version)) {
            throw Status.NOT_FOUND.withDescription("no version '" + version + "' of model '" + name + "' (this server serves version "
                    + predictor.version() + ")").asRuntimeException();
        }
        return predictor;
    }

    private static ModelMetadataResponse.TensorMetadata.Builder tensor(String name, String datatype) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(datatype);
    }

    /** As REST's metadata: numbers are FP64, booleans BOOL, everything else (categories, datetimes as ISO text) BYTES. */
    private static String datatype(String kind) {
        return switch (kind) {
            case "numeric" -> "FP64";
            case "boolean" -> "BOOL";
            default -> "BYTES";
        };
    }

    /**
     * Answers with the response, or with the status of what went wrong: a request the schema or the tensors refuse is
     * INVALID_ARGUMENT with the message naming the field; a status raised here is sent as it is; anything else is a
     * failure of the server (INTERNAL, detail in the log), never UNKNOWN.
     */
    private static <T> void answer(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (Predictor.InvalidInput e) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (io.pipewright.serve.FeatureLookup.StoreUnavailable e) {
            LOG.warn("a gRPC call: {}", e.getMessage());
            observer.onError(Status.UNAVAILABLE.withDescription("the online feature store did not answer; send the request again").asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.error("a gRPC call failed", e);
            observer.onError(Status.INTERNAL.withDescription("the server failed to answer this request; its log has the details").asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
