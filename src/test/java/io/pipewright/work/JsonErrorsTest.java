package io.pipewright.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jackson's messages said in words: no Jackson class, feature or Java type name reaches a person. */
class JsonErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String describe(String json, Class<?> type) {
        return JsonErrors.describe(catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(json, type)));
    }

    private record Settings(int replicas, List<String> names) {
    }

    @Test
    void limitsAreSaidAsLimits() {
        assertThat(describe("[".repeat(1_500), Object.class)).isEqualTo("nested more than 1000 levels deep");
        assertThat(describe("[1" + "0".repeat(1_200) + "]", Object.class)).endsWith("a number of 1201 characters, more than the 1000 allowed");
    }

    @Test
    void aNaNLiteralSaysWhatJsonAllows() {
        assertThat(describe("{\"x\": NaN}", Map.class)).isEqualTo("line 1, column 10: 'NaN' is not a JSON number (null is JSON's missing value)");
    }

    @Test
    void javaTypesAndTokensBecomeWords() {
        assertThat(describe("{\"replicas\": {\"a\": 1}}", Settings.class)).isEqualTo("line 1, column 14: expected a whole number, not an object")
                .doesNotContain("`").doesNotContain("java.").doesNotContain("JsonToken");
        assertThat(describe("{\"replicas\": \"many\"}", Settings.class)).isEqualTo("line 1, column 14: expected a whole number, not \"many\"");
        assertThat(describe("{\"names\": 3}", Settings.class)).isEqualTo("line 1, column 11: expected a list, not a whole number");
    }
}
