package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A records request read by streaming gives what reading the body as a tree gave: the same records, id, refusals and errors. */
class RecordsRequestTest {
    private static final ObjectMapper STREAM = JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final ObjectMapper TREE = JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @Test
    void theSameRecordsAndIdAsTheTreeGave() throws Exception {
        for (String body : List.of(
                "{\"instances\": [{\"a\": 1, \"b\": 2.5, \"c\": \"red\", \"d\": true, \"e\": null, \"f\": false}]}",
                "{\"id\": \"r-1\", \"instances\": [{\"big\": 12345678901234, \"huge\": 123456789012345678901234567890, \"exp\": 1e-7, \"neg\": -0.0}]}",
                "{\"instances\": [{\"x\": 0.1, \"x\": 0.30000000000000004, \"y\": 2.2250738585072014E-308, \"z\": 1.7976931348623157e308}]}",
                "{\"instances\": [{\"nan\": NaN, \"inf\": Infinity, \"minus\": -Infinity}], \"id\": 42}",
                "{\"instances\": [{\"nested\": {\"a\": [1, 2]}, \"list\": [1, \"two\"]}], \"other\": {\"deep\": [[1], {\"k\": null}]}}",
                "{\"instances\": [{\"a\": 1}], \"instances\": [{\"a\": 2}, {\"a\": 3}], \"id\": 1.50}",
                "{\"id\": true, \"instances\": []}", "{\"id\": null, \"instances\": [{}]}", "{\"id\": {\"x\": 1}, \"instances\": [{\"a\": \"\\u00e9\\n\"}]}",
                "{\"instances\": {\"a\": 1}}", "{\"instances\": null}", "{}", "{\"instances\": [1, {\"a\": 1}]}", "{\"instances\": [{\"a\": 1}, [2]]}",
                "{\"instances\": [{\"a\": 1}]} trailing", "[{\"a\": 1}]", "\"text\"", "12")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            RecordsRequest streamed = RecordsRequest.read(STREAM, bytes);
            JsonNode tree = TREE.readTree(bytes);
            assertThat(streamed.object()).as(body).isEqualTo(tree.isObject());
            if (!tree.isObject()) {
                continue;
            }
            JsonNode id = tree.get("id");
            assertThat(streamed.id()).as(body).isEqualTo(id != null && id.isValueNode() && !id.isNull() ? id.asText() : null);
            JsonNode instances = tree.get("instances");
            if (instances == null || !instances.isArray()) {
                assertThat(streamed.instances()).as(body).isNull();
                continue;
            }
            var records = new ArrayList<Map<String, Object>>();
            boolean notAnObject = false;
            for (JsonNode instance : instances) {
                if (instance.isObject()) {
                    records.add(ModelServer.record(instance));
                } else {
                    notAnObject = true;
                }
            }
            assertThat(streamed.notAnObject()).as(body).isEqualTo(notAnObject);
            assertThat(streamed.instances()).as(body).isEqualTo(records);
            for (int r = 0; r < records.size(); r++) {
                assertThat(new ArrayList<>(streamed.instances().get(r).keySet())).as(body).isEqualTo(new ArrayList<>(records.get(r).keySet()));
                for (var field : records.get(r).entrySet()) {
                    Object value = streamed.instances().get(r).get(field.getKey());
                    assertThat(value == null ? null : value.getClass()).as(body + " " + field.getKey())
                            .isEqualTo(field.getValue() == null ? null : field.getValue().getClass());
                }
            }
        }
    }

    @Test
    void anEmptyBodyIsNoRequestAndMalformedOnesFailAsTheTreeDid() throws Exception {
        assertThat(RecordsRequest.read(STREAM, new byte[0])).isNull();
        assertThat(RecordsRequest.read(STREAM, "  \n ".getBytes(StandardCharsets.UTF_8))).isNull();
        for (String body : List.of("{\"instances\": [", "{\"instances\": [{\"x\": 1}", "{\"instances\": [{\"x\": 1,}]}", "{\"other\": [1, 2}",
                "[1, 2", "{\"instances\": [{\"x\": 01}]}", "{\"a\": " + "[".repeat(1_200) + "]".repeat(1_200) + "}")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Throwable streamed = catchThrowable(() -> RecordsRequest.read(STREAM, bytes));
            Throwable tree = catchThrowable(() -> TREE.readTree(bytes));
            assertThat(streamed).as(body).isInstanceOf(JsonProcessingException.class);
            assertThat(tree).as(body).isInstanceOf(JsonProcessingException.class);
            assertThat(io.pipewright.work.JsonErrors.describe((JsonProcessingException) streamed)).as(body)
                    .isEqualTo(io.pipewright.work.JsonErrors.describe((JsonProcessingException) tree));
        }
    }
}
