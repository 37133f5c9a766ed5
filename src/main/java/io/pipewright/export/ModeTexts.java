package io.pipewright.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the bundle's README and the streaming runbook say about the optional modes: the streaming scorer, the gRPC port, and
 * features read by entity key from an online store. A bundle without them gets empty texts, so its README reads as before.
 */
final class ModeTexts {
    private ModeTexts() {
    }

    static void fill(Map<String, String> fill, ModelFacts facts, BundleOptions options, ChartValues values, String chart) {
        String ns = options.namespace();
        var rows = new StringBuilder();
        var sections = new StringBuilder();
        if (values.grpc() != null) {
            int port = values.grpc().port();
            rows.append("\n| gRPC | the Open Inference Protocol on port ").append(port).append(" (`serve --grpc-port ").append(port)
                    .append("`; Service port `grpc` with `appProtocol: grpc`) |");
            boolean istio = options.rollout().strategy().equals("shadow") || options.rollout().strategy().equals("ab");
            sections.append("\n\n## gRPC\n\nThe server also answers the Open Inference Protocol (`inference.GRPCInferenceService`, as KServe and Triton")
                    .append(" speak it) on port ").append(port).append(", beside REST on 8080; the Service `").append(chart).append("` carries it as port `grpc`")
                    .append(" (`appProtocol: grpc`) and the NetworkPolicy admits it")
                    .append(istio ? ". The Istio VirtualService routes gRPC by port with the same " + options.rollout().strategy() + " split as HTTP" : "")
                    .append(". The Ingress carries HTTP only.\n\n```sh\nkubectl -n ").append(ns).append(" port-forward svc/").append(chart).append(' ')
                    .append(port).append(':').append(port).append("   # then any Open Inference Protocol client on localhost:").append(port).append("\n```");
        }
        var stream = values.stream();
        if (stream != null) {
            String dlq = stream.dlq().isEmpty() ? "no DLQ topic: records it cannot score are logged and counted" : "DLQ `" + stream.dlq() + "`";
            rows.append("\n| streaming | `pipewright stream` from `").append(stream.in()).append("` to `").append(stream.out()).append("` (").append(dlq)
                    .append("), group `").append(stream.group()).append("`, ").append(stream.minReplicas()).append(" to ").append(stream.maxReplicas())
                    .append(" replicas (KEDA, ").append(stream.lagThreshold()).append(" records of lag a replica) |");
            sections.append("\n\n## Streaming\n\n`").append(chart).append("-stream` runs `pipewright stream` on the same image: it reads JSON records")
                    .append(" with the model's features from `").append(stream.in()).append("`, scores them in micro-batches and writes each prediction")
                    .append(" (the input's key; headers naming its topic, partition and offset) to `").append(stream.out()).append("`. KEDA's Kafka scaler")
                    .append(" keeps the lag of group `").append(stream.group()).append("` under ").append(stream.lagThreshold())
                    .append(" records a replica; more replicas than `").append(stream.in()).append("` has partitions would sit idle.")
                    .append(" Its alerts (lag, DLQ share) and dashboard panels (lag, DLQ rate, records/s, p99 end-to-end latency) read the metrics")
                    .append(" it serves on port ").append(stream.metricsPort()).append("; runbook: [runbooks/streaming.md](runbooks/streaming.md).\n\n```sh\n")
                    .append("kubectl -n ").append(ns).append(" get scaledobject ").append(chart).append("-stream\n")
                    .append("echo '").append(exampleRecord(facts)).append("' | kafka-console-producer.sh --bootstrap-server ").append(stream.bootstrap())
                    .append(" --topic ").append(stream.in()).append('\n')
                    .append("kafka-console-consumer.sh --bootstrap-server ").append(stream.bootstrap()).append(" --topic ").append(stream.out())
                    .append(" --property print.key=true --property print.headers=true\n```");
            fill.put("streamIn", stream.in());
            fill.put("streamOut", stream.out());
            fill.put("streamDlq", stream.dlq().isEmpty() ? "(none: records it cannot score are logged and counted)" : stream.dlq());
            fill.put("streamDlqTopic", stream.dlq().isEmpty() ? "DLQ_TOPIC" : stream.dlq());
            fill.put("streamGroup", stream.group());
            fill.put("streamBootstrap", stream.bootstrap());
            fill.put("lagThreshold", Long.toString(stream.lagThreshold()));
            fill.put("lagAlert", Long.toString(stream.lagAlert()));
            fill.put("streamMaxReplicas", Integer.toString(stream.maxReplicas()));
        }
        var features = values.features();
        if (features != null) {
            String views = features.views().isEmpty() ? "" : " (feature view" + (features.views().size() > 1 ? "s " : " ")
                    + String.join(", ", features.views()) + ")";
            rows.append("\n| features by entity key | from the online store `").append(features.online()).append('`').append(views)
                    .append(features.credentialsSecret().isEmpty() ? "" : ", login from Secret `" + features.credentialsSecret() + "`").append(" |");
            String ports = "(`$PIPEWRIGHT_ONLINE`; the NetworkPolicy lets the pods reach port" + (features.ports().size() > 1 ? "s " : " ")
                    + features.ports().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + ")";
            sections.append("\n\n## Features by entity key\n\n");
            if (features.views().isEmpty()) {
                sections.append("The server answers `GET /v1/features/VIEW/ENTITY` from the online store `").append(features.online()).append("` ")
                        .append(ports).append("; this model reads its features from each request, not from the store.\n\n```sh\n");
            } else {
                sections.append("The model reads its features").append(views).append(" from the online store `").append(features.online())
                        .append("`: a request may carry only the entity key, and the server").append(stream != null ? " and the streaming scorer fill"
                                : " fills").append(" the rest from the store ").append(ports)
                        .append(". A pod will not start until every view is materialized in the store, so fill it first and on a schedule:\n\n```sh\n");
            }
            if (!features.credentialsSecret().isEmpty()) {
                sections.append("kubectl -n ").append(ns).append(" create secret generic ").append(features.credentialsSecret())
                        .append(" --from-literal=user=USER --from-literal=password=PASSWORD\n")
                        .append("export PIPEWRIGHT_DB_ONLINE_USER=USER PIPEWRIGHT_DB_ONLINE_PASSWORD=PASSWORD PIPEWRIGHT_ONLINE_CREDENTIALS=online\n");
            }
            for (String view : features.views()) {
                sections.append("pipewright features materialize --view ").append(view).append(".yaml --online '").append(features.online()).append("'\n");
            }
            sections.append("docker run --rm -p 8080:8080 -e PIPEWRIGHT_ONLINE='").append(features.online()).append('\'')
                    .append(features.credentialsSecret().isEmpty() ? "" : " -e PIPEWRIGHT_ONLINE_CREDENTIALS -e PIPEWRIGHT_DB_ONLINE_USER -e PIPEWRIGHT_DB_ONLINE_PASSWORD")
                    .append(" ").append(values.image().repository()).append(':').append(values.image().tag()).append("   # the image on its own\n");
            sections.append("```");
        }
        fill.put("modeRows", rows.toString());
        fill.put("modeSections", sections.toString());
    }

    /** One input record with the model's features (numbers 0, other values "a"), for the producer example. */
    static String exampleRecord(ModelFacts facts) {
        var record = new LinkedHashMap<String, Object>();
        var inputs = facts.manifest().inputs() == null ? new ArrayList<io.pipewright.train.ModelArtifact.Input>() : facts.manifest().inputs();
        for (var input : inputs) {
            String type = input.type() == null ? "" : input.type().toLowerCase(java.util.Locale.ROOT);
            record.put(input.name(), type.contains("num") || type.contains("double") || type.contains("int") ? (Object) 0 : "a");
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(record).replace("'", "'\\''");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
